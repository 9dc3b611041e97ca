package io.gitopspipeline.render;

/** Outside input made safe to print in a message: control characters escaped, length bounded. */
final class Printable {
  private static final int MAX_CHARS = 200;

  private Printable() {}

  static String of(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.length() >= MAX_CHARS && text.length() > MAX_CHARS ? out + "..." : out.toString();
  }
}
