package io.gitopspipeline.api;

import java.util.Objects;

/**
 * One thing core has to tell the user while it works.
 *
 * @param level how much the user should care
 * @param topic the capability speaking, e.g. {@code image}, {@code repo}, {@code sync}
 * @param message a complete sentence without secrets
 */
public record Progress(Level level, String topic, String message) {
  public enum Level {
    DEBUG,
    INFO,
    WARN
  }

  public Progress {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(message, "message");
  }
}
