package io.gitopspipeline.yaml;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * What a plain scalar means and how to write a new value so it means the same kind of thing.
 *
 * <p>Tools downstream disagree on YAML versions: Kubernetes, Helm and kustomize read YAML 1.1 rules
 * through Go libraries ({@code yes} and {@code on} are booleans, {@code 2024-01-01} a timestamp),
 * snakeyaml-engine and newer tools read YAML 1.2. A value's type is therefore the pair of both
 * readings, and a plain scalar is only kept plain when both readings agree with the intent.
 */
final class Scalars {
  private Scalars() {}

  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern BOOL_12 = Pattern.compile("true|True|TRUE|false|False|FALSE");
  private static final Pattern INT_12 = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT_12 =
      Pattern.compile(
          "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN");
  private static final Pattern BOOL_11 =
      Pattern.compile(
          "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern INT_11 =
      Pattern.compile(
          "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
              + "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+");
  private static final Pattern FLOAT_11 =
      Pattern.compile(
          "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
              + "([Tt]|[ \\t]+)?([0-9][0-9]?:[0-9][0-9]:[0-9][0-9](\\.[0-9]*)?)?"
              + "(([ \\t]*)(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?");

  /** A plain scalar's type as YAML 1.2 (core schema) and YAML 1.1 readers see it. */
  record Type(String yaml12, String yaml11) {
    static final Type STRING = new Type("str", "str");

    boolean isString() {
      return equals(STRING);
    }
  }

  static Type plainType(String value) {
    return new Type(type12(value), type11(value));
  }

  /** The type a parsed scalar has: tagged, quoted and block scalars are what their tag says. */
  static Type typeOf(YamlTree.Scalar scalar) {
    if (scalar.tag != null) {
      return new Type(scalar.tag, scalar.tag);
    }
    if (scalar.style != ScalarStyle.PLAIN) {
      return Type.STRING;
    }
    return plainType(scalar.value);
  }

  private static String type12(String v) {
    if (NULL.matcher(v).matches()) {
      return "null";
    }
    if (BOOL_12.matcher(v).matches()) {
      return "bool";
    }
    if (INT_12.matcher(v).matches()) {
      return "int";
    }
    if (FLOAT_12.matcher(v).matches()) {
      return "float";
    }
    return "str";
  }

  private static String type11(String v) {
    if (NULL.matcher(v).matches()) {
      return "null";
    }
    if (BOOL_11.matcher(v).matches()) {
      return "bool";
    }
    if (INT_11.matcher(v).matches()) {
      return "int";
    }
    if (FLOAT_11.matcher(v).matches()) {
      return "float";
    }
    if (v.equals("<<")) {
      return "merge";
    }
    if (v.equals("=")) {
      return "value";
    }
    if (TIMESTAMP.matcher(v).matches()) {
      return "timestamp";
    }
    return "str";
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
