package io.gitopspipeline.scm;

import java.time.Duration;
import java.util.Objects;

/**
 * How to wait for a pull request to merge.
 *
 * @param interval the first pause between polls
 * @param maxInterval the longest pause; pauses double from {@code interval} up to it
 * @param timeout how long to wait in all
 * @param mergeWhenReady merge it ourselves once the provider reports it mergeable and its checks
 *     green (for providers or repositories without native auto-merge)
 */
public record MergeWait(
    Duration interval, Duration maxInterval, Duration timeout, boolean mergeWhenReady) {
  public MergeWait {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    if (maxInterval.compareTo(interval) < 0) {
      maxInterval = interval;
    }
  }

  /** Polls every 10s at first, backing off to every 2m, for {@code timeout}. */
  public static MergeWait of(Duration timeout) {
    return new MergeWait(Duration.ofSeconds(10), Duration.ofMinutes(2), timeout, false);
  }
}
