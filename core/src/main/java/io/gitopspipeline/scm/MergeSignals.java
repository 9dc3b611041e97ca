package io.gitopspipeline.scm;

import java.time.Duration;
import java.util.Optional;

/**
 * News about one awaited pull request pushed by its provider (a webhook), so a merge wait need not
 * poll to learn it. Polling stays as the safety net, at a slower pace while signals are live.
 */
public interface MergeSignals extends AutoCloseable {
  /** No signals: the wait polls at its own pace. */
  MergeSignals NONE =
      new MergeSignals() {
        @Override
        public boolean live() {
          return false;
        }

        @Override
        public Optional<PullRequest> await(Duration max) throws InterruptedException {
          if (!max.isZero() && !max.isNegative()) {
            Thread.sleep(max.toMillis());
          }
          return Optional.empty();
        }

        @Override
        public void close() {}
      };

  /** True when signals can arrive (a receiver is listening). */
  boolean live();

  /**
   * Waits up to {@code max} for the pull request's end.
   *
   * @return the pull request {@link PullRequestState#MERGED} (its merge commit, when the event
   *     named a full one) or {@link PullRequestState#CLOSED}; empty when nothing final arrived
   */
  Optional<PullRequest> await(Duration max) throws InterruptedException;

  /** Stops receiving. */
  @Override
  void close();
}
