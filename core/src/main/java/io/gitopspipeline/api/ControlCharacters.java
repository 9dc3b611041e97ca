package io.gitopspipeline.api;

/**
 * Makes outside text (a reconciler's message, a payload's names) safe to print on one line of a
 * terminal or a build log: a newline in a payload cannot forge a log line and an escape sequence
 * cannot reach the terminal.
 *
 * <p>Escaped: every ISO control character (C0, DEL, C1, so also CR, LF, TAB and ESC), the Unicode
 * line and paragraph separators, and the bidirectional overrides and isolates that can make text
 * read differently from what it is. {@code \n}, {@code \r} and {@code \t} become those two
 * characters; anything else {@code \}{@code uXXXX}. Other text, backslashes included, is kept as it
 * is, so ordinary messages read unchanged.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** The text with every control character escaped; {@code null} stays {@code null}. */
  public static String escape(CharSequence text) {
    if (text == null) {
      return null;
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text.toString();
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    out.append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isUnsafe(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /** True when {@link #escape} would change the character. */
  public static boolean isUnsafe(char c) {
    return Character.isISOControl(c)
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u061c'
        || c == '\u200e'
        || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  private static int firstUnsafe(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
