package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long one promotion may keep trying: a deadline ({@link PromoterSettings#timeout()}) and an
 * optional cap on attempts. Waits between attempts grow exponentially with full jitter (a random
 * wait between zero and the current cap), so racers that lost together do not retry together.
 */
final class RetryClock {
  private final long start;
  private final long deadline;
  private final int maxAttempts;
  private int attempts;

  RetryClock(Duration timeout, int maxAttempts) {
    this.start = System.nanoTime();
    this.deadline = start + Math.max(0, timeout.toNanos());
    this.maxAttempts = maxAttempts;
  }

  /** Counts one more attempt. */
  void attempted() {
    attempts++;
  }

  int attempts() {
    return attempts;
  }

  /** Whether another attempt is allowed: the deadline has not passed and the cap not reached. */
  boolean mayTryAgain() {
    return attempts < maxAttempts && remainingNanos() > 0;
  }

  long remainingNanos() {
    return deadline - System.nanoTime();
  }

  /** "3 attempts in 4.2 s", for messages. */
  String summary() {
    return attempts
        + (attempts == 1 ? " attempt" : " attempts")
        + " in "
        + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry): uniformly random between
   * zero and {@code initial × 2^(retry-1)}, at most {@code max}.
   */
  static long backoffMillis(int retry, Duration initial, Duration max) {
    long cap = initial.toMillis() << Math.min(20, Math.max(0, retry - 1));
    cap = Math.max(1, Math.min(max.toMillis(), cap));
    return ThreadLocalRandom.current().nextLong(cap + 1);
  }

  /** Sleeps {@code millis}, but never past {@code remainingNanos}. */
  static void sleep(long millis, long remainingNanos) throws GitOpsException {
    long wait = Math.min(millis, Math.max(0, remainingNanos / 1_000_000));
    if (wait <= 0) {
      return;
    }
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while waiting to retry the push; nothing was pushed");
    }
  }
}
