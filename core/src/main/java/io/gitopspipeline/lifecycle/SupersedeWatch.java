package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a wait (for a merge or a sync) while checking the repository for a newer promotion every
 * interval: the first of the two to finish decides. A superseded wait is cancelled (interrupted); a
 * wait that ended without success is checked once more, so a build that timed out because a newer
 * build replaced its change learns that instead.
 */
public final class SupersedeWatch {
  private static final String TOPIC = "supersede";

  private final SupersedeCheck check;
  private final SupersedeCheck.Query query;
  private final Duration interval;

  public SupersedeWatch(SupersedeCheck check, SupersedeCheck.Query query, Duration interval) {
    this.check = Objects.requireNonNull(check, "check");
    this.query = Objects.requireNonNull(query, "query");
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  /** How the watched wait ended: its value, or the promotion that superseded it. */
  public record Outcome<T>(T value, Supersession supersededBy) {
    public boolean superseded() {
      return supersededBy != null;
    }
  }

  /**
   * Runs {@code wait} until it returns, fails or is superseded.
   *
   * @throws GitOpsException the wait's own failure, when it was not superseded
   */
  public <T> Outcome<T> run(Callable<T> wait, ProgressListener progress) throws GitOpsException {
    Optional<Supersession> before = check.check(query, progress);
    if (before.isPresent()) {
      return new Outcome<>(null, before.get());
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "gitops-wait");
              thread.setDaemon(true);
              return thread;
            });
    try {
      Future<T> future = executor.submit(wait);
      while (true) {
        try {
          return new Outcome<>(future.get(interval.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException stillWaiting) {
          Optional<Supersession> newer = checkQuietly(progress);
          if (newer.isPresent()) {
            future.cancel(true);
            return new Outcome<>(null, newer.get());
          }
        } catch (ExecutionException failed) {
          Optional<Supersession> newer = checkQuietly(progress);
          if (newer.isPresent()) {
            return new Outcome<>(null, newer.get());
          }
          Throwable cause = failed.getCause();
          if (cause instanceof GitOpsException e) {
            throw e;
          }
          if (cause instanceof RuntimeException e) {
            throw e;
          }
          throw new GitOpsException("the wait failed: " + cause, cause);
        } catch (InterruptedException e) {
          future.cancel(true);
          Thread.currentThread().interrupt();
          throw new GitOpsException("interrupted while waiting");
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /** A failing check must not end the wait: the wait itself still decides. */
  private Optional<Supersession> checkQuietly(ProgressListener progress) {
    try {
      return check.check(query, progress);
    } catch (GitOpsException e) {
      progress.warn(TOPIC, "cannot check for a newer promotion: " + e.getMessage());
      return Optional.empty();
    }
  }
}
