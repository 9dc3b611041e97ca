package io.gitopspipeline.sync;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls the targets of waits that are not done and feeds what it finds to the registry, until each
 * wait finishes. A source that cannot be asked is reported once per distinct message and asked
 * again next time.
 */
public final class PollingFallback implements AutoCloseable {
  private final StatusPoller poller;
  private final Consumer<SyncEvent> sink;
  private final ScheduledExecutorService scheduler;
  private final Duration interval;
  private final ProgressListener progress;
  private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();

  public PollingFallback(
      StatusPoller poller,
      Consumer<SyncEvent> sink,
      ScheduledExecutorService scheduler,
      Duration interval,
      ProgressListener progress) {
    this.poller = Objects.requireNonNull(poller, "poller");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.interval = Objects.requireNonNull(interval, "interval");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** Starts polling for {@code wait} now and every interval until it is done. */
  public void watch(Wait wait) {
    String[] lastProblem = {null};
    Runnable poll =
        () -> {
          WaitState state = wait.state();
          if (state.outcome().isDone()) {
            ScheduledFuture<?> task = tasks.remove(wait.id());
            if (task != null) {
              task.cancel(false);
            }
            return;
          }
          for (TargetStatus status : state.targets()) {
            if (status.phase().isFinal()) {
              continue;
            }
            try {
              poller.poll(status.target(), state.revision()).forEach(sink);
            } catch (GitOpsException e) {
              if (!e.getMessage().equals(lastProblem[0])) {
                lastProblem[0] = e.getMessage();
                progress.warn(
                    "sync", e.getMessage() + "; polling again in " + interval.toMillis() + " ms");
              }
            } catch (RuntimeException e) {
              progress.warn("sync", "polling " + status.target() + " failed: " + e);
            }
          }
        };
    tasks.put(
        wait.id(),
        scheduler.scheduleWithFixedDelay(poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS));
    wait.completion()
        .thenRun(
            () -> {
              ScheduledFuture<?> task = tasks.remove(wait.id());
              if (task != null) {
                task.cancel(false);
              }
            });
  }

  @Override
  public void close() {
    tasks.values().forEach(task -> task.cancel(false));
    tasks.clear();
  }
}
