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
 * @param requestTimeout the deadline of one HTTP exchange, from sending the request to the last
 *     byte of the answer's body
 * @param maxResponseBytes the largest answer body accepted; reading stops there with a clear error
 */
public record ScmContext(
    Clock clock,
    Sleeper sleeper,
    ProgressListener progress,
    Duration maxRateLimitWait,
    Duration requestTimeout,
    long maxResponseBytes) {
  /** The default cap on one answer's body: far above any page of pull requests or statuses. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  /** The default deadline of one exchange, body included. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  public ScmContext {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }

  /** A context with the default cap of {@value #DEFAULT_MAX_RESPONSE_BYTES} bytes an answer. */
  public ScmContext(
      Clock clock,
      Sleeper sleeper,
      ProgressListener progress,
      Duration maxRateLimitWait,
      Duration requestTimeout) {
    this(clock, sleeper, progress, maxRateLimitWait, requestTimeout, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** This context with another deadline and size cap for each HTTP exchange. */
  public ScmContext withExchangeLimits(Duration timeout, long maxBytes) {
    return new ScmContext(clock, sleeper, progress, maxRateLimitWait, timeout, maxBytes);
  }

  /** Real time, real sleeping, rate limits waited out for up to {@code maxRateLimitWait}. */
  public static ScmContext system(ProgressListener progress, Duration maxRateLimitWait) {
    return new ScmContext(
        Clock.systemUTC(), Sleeper.SYSTEM, progress, maxRateLimitWait, DEFAULT_REQUEST_TIMEOUT);
  }

  /** Waits for something; a separate type so tests can replace real sleeping. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
  }
}
