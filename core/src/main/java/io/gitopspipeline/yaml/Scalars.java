package io.gitopspipeline.yaml;

import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * What a plain scalar means and how to write a new value so it means the same kind of thing.
 *
 * <p>Tools downstream disagree on what a plain scalar is: Kubernetes, Helm and kustomize read YAML
 * 1.1 rules through go-yaml v2 ({@code yes} and {@code on} are booleans, {@code 2024-01-01} a
 * timestamp), go-yaml v3 and snakeyaml-engine read YAML 1.2, snakeyaml and PyYAML read YAML 1.1
 * with their own expressions ({@code 1:20} is sexagesimal 80). A value's type is therefore the list
 * of what each of those readers ({@link PlainReaders}) makes of it, and a plain scalar is only kept
 * plain when every reading agrees with the intent.
 */
final class Scalars {
  private Scalars() {}

  private static final PlainReaders[] READERS = PlainReaders.values();

  /** A scalar's type as each of {@link PlainReaders} sees it, in their declaration order. */
  record Type(java.util.List<String> readings) {
    static final Type STRING = of(PlainReaders.STR);

    Type {
      readings = java.util.List.copyOf(readings);
    }

    /** The same type for every reader (a tagged scalar, a quoted string). */
    static Type of(String type) {
      return new Type(java.util.Collections.nCopies(READERS.length, type));
    }

    boolean isString() {
      return equals(STRING);
    }

    /** The type every reader agrees on, or null when they disagree. */
    String agreed() {
      String first = readings.get(0);
      for (String reading : readings) {
        if (!reading.equals(first)) {
          return null;
        }
      }
      return first;
    }

    @Override
    public String toString() {
      return String.join("/", readings);
    }
  }

  static Type plainType(String value) {
    String[] readings = new String[READERS.length];
    for (int i = 0; i < READERS.length; i++) {
      readings[i] = READERS[i].resolve(value);
    }
    return new Type(java.util.List.of(readings));
  }

  /** The type a parsed scalar has: tagged, quoted and block scalars are what their tag says. */
  static Type typeOf(YamlTree.Scalar scalar) {
    if (scalar.tag != null) {
      return Type.of(scalar.tag);
    }
    if (scalar.style != ScalarStyle.PLAIN) {
      return Type.STRING;
    }
    return plainType(scalar.value);
  }

  /**
   * Whether {@code value} can be written as a plain scalar and read back as the same characters.
   * Conservative: anything doubtful is quoted instead.
   */
  static boolean plainSafe(String value, boolean flow) {
    if (value.isEmpty()) {
      return false;
    }
    char first = value.charAt(0);
    char last = value.charAt(value.length() - 1);
    if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
      return false;
    }
    if ("?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0) {
      return false;
    }
    if (first == '-'
        && (value.length() == 1 || value.charAt(1) == ' ' || value.startsWith("---"))) {
      return false;
    }
    if (value.startsWith("...") || last == ':') {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || c == '\u0085'
          || c == '\u2028'
          || c == '\u2029'
          || c == '\uFEFF') {
        return false;
      }
      if (Character.isSurrogate(c) || (c >= 0x80 && !printable(c))) {
        return false;
      }
      if (flow && ",[]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return !value.contains(": ") && !value.contains(" #") && !value.contains(":\t");
  }

  private static boolean printable(char c) {
    return (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
  }

  /** Whether {@code value} can be written single-quoted: printable text on one line. */
  static boolean singleQuoteSafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20
          || c == 0x7f
          || c == '\u0085'
          || c == '\u2028'
          || c == '\u2029'
          || c == '\uFEFF') {
        return false;
      }
      if (c >= 0x80 && !Character.isSurrogate(c) && !printable(c)) {
        return false;
      }
    }
    return true;
  }

  static String singleQuoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String doubleQuoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\0' -> out.append("\\0");
        case '\u0085' -> out.append("\\N");
        case '\u2028' -> out.append("\\L");
        case '\u2029' -> out.append("\\P");
        default -> {
          boolean highOk = Character.isSurrogate(c) ? validSurrogate(value, i) : printable(c);
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && !highOk) || c == '\uFEFF') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean validSurrogate(String value, int i) {
    char c = value.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
  }
}
