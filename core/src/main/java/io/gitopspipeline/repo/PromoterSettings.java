package io.gitopspipeline.repo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Promoter} works on this machine.
 *
 * @param workDirectory where temporary working repositories go ({@code null}: the system's
 *     temporary directory); each promotion uses its own and deletes it afterwards
 * @param cacheDirectory where per-remote bare caches live, or {@code null} for none; with a cache a
 *     warm promotion fetches only what changed instead of cloning
 * @param maxAttempts an optional cap on push attempts when the branch keeps moving ({@link
 *     Integer#MAX_VALUE}: none, the {@code timeout} alone bounds the retries)
 * @param initialBackoff the cap of the first wait before a retry; each further cap doubles, and
 *     each wait is random between zero and the cap (full jitter)
 * @param maxBackoff the longest wait between attempts
 * @param networkTimeout the timeout of each network operation (also bounds waiting for the cache)
 * @param timeout how long one promotion keeps re-applying and pushing while the branch keeps moving
 *     (waiting in this process's queue for the branch included)
 */
public record PromoterSettings(
    Path workDirectory,
    Path cacheDirectory,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration networkTimeout,
    Duration timeout) {
  /** The default {@link #timeout()}: long enough for dozens of racing pipelines. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  public PromoterSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(networkTimeout, "networkTimeout");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** Settings with the default {@link #timeout()}. */
  public PromoterSettings(
      Path workDirectory,
      Path cacheDirectory,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration networkTimeout) {
    this(
        workDirectory,
        cacheDirectory,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        networkTimeout,
        DEFAULT_TIMEOUT);
  }

  /**
   * No cache, temporary directories in the system's default, retries for up to 5 minutes (no cap on
   * attempts), waits capped at 100 ms doubling up to 5 s, 2 minute network timeouts.
   */
  public static PromoterSettings defaults() {
    return new PromoterSettings(
        null,
        null,
        Integer.MAX_VALUE,
        Duration.ofMillis(100),
        Duration.ofSeconds(5),
        Duration.ofMinutes(2),
        DEFAULT_TIMEOUT);
  }

  public PromoterSettings withCacheDirectory(Path directory) {
    return new PromoterSettings(
        workDirectory, directory, maxAttempts, initialBackoff, maxBackoff, networkTimeout, timeout);
  }

  public PromoterSettings withWorkDirectory(Path directory) {
    return new PromoterSettings(
        directory,
        cacheDirectory,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        networkTimeout,
        timeout);
  }

  public PromoterSettings withMaxAttempts(int attempts) {
    return new PromoterSettings(
        workDirectory,
        cacheDirectory,
        attempts,
        initialBackoff,
        maxBackoff,
        networkTimeout,
        timeout);
  }

  /**
   * How long a promotion keeps trying; network operations are bounded by the shorter of this and
   * {@link #networkTimeout()}.
   */
  public PromoterSettings withTimeout(Duration total) {
    Duration network = networkTimeout.compareTo(total) > 0 ? total : networkTimeout;
    return new PromoterSettings(
        workDirectory, cacheDirectory, maxAttempts, initialBackoff, maxBackoff, network, total);
  }
}
