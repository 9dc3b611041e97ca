package io.gitopspipeline.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Go, Flux and Argo CD users write them ({@code 90s}, {@code 5m}, {@code
 * 1h30m}, {@code 250ms}) and ISO-8601 ({@code PT5M}).
 */
public final class Durations {
  private static final Pattern GO_STYLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) throws InvalidInputException {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("duration is empty; write it like 90s, 5m or 1h30m");
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed);
      } catch (RuntimeException e) {
        throw new InvalidInputException(
            "duration '" + text + "' is not valid ISO-8601 (e.g. PT5M)");
      }
    }
    Matcher m = GO_STYLE.matcher(trimmed);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long amount;
      try {
        amount = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("duration '" + text + "' has a number that is too large");
      }
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = m.end();
    }
    if (end != trimmed.length() || end == 0) {
      throw new InvalidInputException(
          "duration '" + text + "' is not understood; write it like 90s, 5m, 1h30m or PT5M");
    }
    return total;
  }
}
