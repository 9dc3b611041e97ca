package io.gitopspipeline.scm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads how long a provider wants us to back off: {@code Retry-After} (seconds or an HTTP date), or
 * a reset time in epoch seconds ({@code X-RateLimit-Reset} on GitHub and Gitea, {@code
 * RateLimit-Reset} on GitLab).
 */
public final class RateLimits {
  private static final Duration MAX = Duration.ofDays(1);

  private RateLimits() {}

  /** True when a response means "slow down" rather than "forbidden". */
  public static boolean isRateLimited(int status, Function<String, String> header) {
    if (status == 429) {
      return true;
    }
    if (status != 403) {
      return false;
    }
    return header.apply("Retry-After") != null
        || "0".equals(trim(header.apply("X-RateLimit-Remaining")))
        || "0".equals(trim(header.apply("RateLimit-Remaining")));
  }

  /**
   * How long to wait before retrying, when the response says; empty when it does not.
   *
   * @param header looks up a response header, case-insensitively, null when absent
   */
  public static Optional<Duration> waitTime(Function<String, String> header, Instant now) {
    String retryAfter = trim(header.apply("Retry-After"));
    if (retryAfter != null) {
      try {
        long seconds = Long.parseLong(retryAfter);
        return Optional.of(clamp(Duration.ofSeconds(Math.max(0, seconds))));
      } catch (NumberFormatException notSeconds) {
        try {
          Instant at =
              ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          return Optional.of(clamp(positive(Duration.between(now, at))));
        } catch (RuntimeException notADate) {
          // ignore a malformed header; fall back to the reset headers or a default
        }
      }
    }
    for (String name : new String[] {"X-RateLimit-Reset", "RateLimit-Reset"}) {
      String reset = trim(header.apply(name));
      if (reset != null) {
        try {
          long epochSeconds = Long.parseLong(reset);
          // one second of slack: the reset instant is rounded down to whole seconds
          return Optional.of(
              clamp(
                  positive(Duration.between(now, Instant.ofEpochSecond(epochSeconds)))
                      .plusSeconds(1)));
        } catch (RuntimeException e) {
          // malformed; try the next header
        }
      }
    }
    return Optional.empty();
  }

  private static Duration positive(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }

  private static Duration clamp(Duration duration) {
    return duration.compareTo(MAX) > 0 ? MAX : duration;
  }

  private static String trim(String value) {
    return value == null ? null : value.trim();
  }
}
