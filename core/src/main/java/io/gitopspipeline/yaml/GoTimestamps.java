package io.gitopspipeline.yaml;

/**
 * go-yaml's {@code parseTimestamp} (v2 and v3): text starting with four digits and {@code -} that
 * Go's {@code time.Parse} accepts with one of the layouts {@code 2006-1-2T15:4:5.999999999Z07:00},
 * the same with a lower-case {@code t}, {@code 2006-1-2 15:4:5.999999999} or {@code 2006-1-2}.
 *
 * <p>Followed closely because it is not the YAML 1.1 expression: one-digit minutes and seconds are
 * accepted ({@code 2001-1-2T3:4:5Z}), so are a comma before the fraction and runs of spaces, while
 * impossible dates ({@code 2001-02-30}) and a zone offset without minutes are refused.
 */
final class GoTimestamps {
  private GoTimestamps() {}

  static boolean parses(String s) {
    if (s.length() < 5) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (!digit(s, i)) {
        return false;
      }
    }
    if (s.charAt(4) != '-') {
      return false;
    }
    int year = Integer.parseInt(s.substring(0, 4));
    Cursor c = new Cursor(s, 5);
    int month = c.number();
    if (month < 1 || month > 12 || !c.take('-')) {
      return false;
    }
    int day = c.number();
    if (day < 1 || day > daysIn(month, year)) {
      return false;
    }
    if (c.atEnd()) {
      return true;
    }
    char separator = s.charAt(c.at);
    boolean zoned = separator == 'T' || separator == 't';
    if (zoned) {
      c.at++;
    } else if (separator == ' ') {
      while (!c.atEnd() && s.charAt(c.at) == ' ') {
        c.at++;
      }
    } else {
      return false;
    }
    if (!c.clock()) {
      return false;
    }
    c.fraction();
    if (zoned && !c.zone()) {
      return false;
    }
    return c.atEnd();
  }

  private static final class Cursor {
    private final String s;
    private int at;

    Cursor(String s, int at) {
      this.s = s;
      this.at = at;
    }

    boolean atEnd() {
      return at >= s.length();
    }

    boolean take(char c) {
      if (!atEnd() && s.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    /** Go's getnum without a fixed width: one or two digits, -1 if none. */
    int number() {
      if (!digit(s, at)) {
        return -1;
      }
      int value = s.charAt(at++) - '0';
      if (digit(s, at)) {
        value = value * 10 + (s.charAt(at++) - '0');
      }
      return value;
    }

    /** {@code 15:4:5}: hour below 24, minute and second below 60. */
    boolean clock() {
      int hour = number();
      if (hour < 0 || hour >= 24 || !take(':')) {
        return false;
      }
      int minute = number();
      if (minute < 0 || minute >= 60 || !take(':')) {
        return false;
      }
      int second = number();
      return second >= 0 && second < 60;
    }

    /** An optional fraction: a period or comma, then at least one digit (any number of them). */
    void fraction() {
      if (at + 1 < s.length() && (s.charAt(at) == '.' || s.charAt(at) == ',') && digit(s, at + 1)) {
        at++;
        while (digit(s, at)) {
          at++;
        }
      }
    }

    /** {@code Z07:00}: {@code Z}, or a sign and two-digit hours and minutes, colon between. */
    boolean zone() {
      if (take('Z')) {
        return true;
      }
      if (s.length() - at < 6) {
        return false;
      }
      char sign = s.charAt(at);
      if ((sign != '+' && sign != '-')
          || s.charAt(at + 3) != ':'
          || !digit(s, at + 1)
          || !digit(s, at + 2)
          || !digit(s, at + 4)
          || !digit(s, at + 5)) {
        return false;
      }
      int hours = Integer.parseInt(s.substring(at + 1, at + 3));
      int minutes = Integer.parseInt(s.substring(at + 4, at + 6));
      at += 6;
      return hours <= 24 && minutes <= 60;
    }
  }

  private static boolean digit(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  private static int daysIn(int month, int year) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
