package io.gitopspipeline.api;

/**
 * Where core reports what it is doing. Core never prints: the CLI renders progress to the
 * terminal's standard error, the Jenkins plugin to the build log.
 */
@FunctionalInterface
public interface ProgressListener {
  /** Discards everything; for callers that want silence. */
  ProgressListener NONE = progress -> {};

  void onProgress(Progress progress);

  default void info(String topic, String message) {
    onProgress(new Progress(Progress.Level.INFO, topic, message));
  }

  default void warn(String topic, String message) {
    onProgress(new Progress(Progress.Level.WARN, topic, message));
  }

  default void debug(String topic, String message) {
    onProgress(new Progress(Progress.Level.DEBUG, topic, message));
  }
}
