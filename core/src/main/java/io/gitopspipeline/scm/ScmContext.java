package io.gitopspipeline.scm;

import io.gitopspipeline.api.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What providers share with their host: time, a way to wait, where to report, and how long a rate
 * limit may be waited out before giving up.
 *
 * @param clock the clock deadlines are measured on
 * @param sleeper how to wait (tests pass one that only advances a fake clock)
 * @param progress where waits and warnings are reported
 * @param maxRateLimitWait the longest a single rate-limit wait may last; longer limits fail with a
 *     timeout naming when the limit resets
 * @param requestTimeout the timeout of one HTTP request
 */
public record ScmContext(
    Clock clock,
    Sleeper sleeper,
    ProgressListener progress,
    Duration maxRateLimitWait,
    Duration requestTimeout) {
  public ScmContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** Real time, real sleeping, rate limits waited out for up to {@code maxRateLimitWait}. */
  public static ScmContext system(ProgressListener progress, Duration maxRateLimitWait) {
    return new ScmContext(
        Clock.systemUTC(), Sleeper.SYSTEM, progress, maxRateLimitWait, Duration.ofSeconds(60));
  }

  /** Waits for something; a separate type so tests can replace real sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
  }
}
