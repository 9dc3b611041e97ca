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
 * @param maxAttempts how many times a push is tried when the branch keeps moving (at least 1)
 * @param initialBackoff the first wait before a retry; each further wait doubles, with jitter
 * @param maxBackoff the longest wait between attempts
 * @param networkTimeout the timeout of each network operation (also bounds waiting for the cache)
 */
public record PromoterSettings(
    Path workDirectory,
    Path cacheDirectory,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration networkTimeout) {
  public PromoterSettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(networkTimeout, "networkTimeout");
  }

  /** No cache, temporary directories in the system's default, 10 attempts, 2 minute timeouts. */
  public static PromoterSettings defaults() {
    return new PromoterSettings(
        null, null, 10, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(2));
  }

  public PromoterSettings withCacheDirectory(Path directory) {
    return new PromoterSettings(
        workDirectory, directory, maxAttempts, initialBackoff, maxBackoff, networkTimeout);
  }

  public PromoterSettings withWorkDirectory(Path directory) {
    return new PromoterSettings(
        directory, cacheDirectory, maxAttempts, initialBackoff, maxBackoff, networkTimeout);
  }

  public PromoterSettings withMaxAttempts(int attempts) {
    return new PromoterSettings(
        workDirectory, cacheDirectory, attempts, initialBackoff, maxBackoff, networkTimeout);
  }
}
