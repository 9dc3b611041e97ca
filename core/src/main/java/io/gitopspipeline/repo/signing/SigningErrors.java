package io.gitopspipeline.repo.signing;

/** Makes outside text safe to put into an error message. */
final class SigningErrors {
  private SigningErrors() {}

  /** Control characters escaped, long values cut, so a message stays one readable line. */
  static String printable(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < 200; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
