package io.gitopspipeline.yaml;

import java.util.List;
import java.util.Map;

/** New YAML content to insert (created keys, new list items), rendered in block style. */
sealed interface Fresh {
  /**
   * A value; with {@code inferred}, plain text whose type every YAML reader agrees on ({@code
   * true}, {@code 3}) stays that type, otherwise it is a string, quoted when plain text would read
   * as something else. Floats are always strings: in GitOps files they are versions ({@code 1.10}).
   */
  record Text(String value, boolean inferred) implements Fresh {
    Scalars.Type type() {
      Scalars.Type plain = Scalars.plainType(value);
      if (inferred
          && Scalars.plainSafe(value, false)
          && plain.agreed() != null
          && !plain.agreed().equals("float")) {
        return plain;
      }
      return Scalars.Type.STRING;
    }

    String render() {
      Scalars.Type type = type();
      if (!type.isString()
          || (Scalars.plainSafe(value, false) && Scalars.plainType(value).isString())) {
        return value;
      }
      return Scalars.doubleQuoted(value);
    }
  }

  record Map_(List<Map.Entry<String, Fresh>> entries) implements Fresh {}

  record Seq(List<Fresh> items) implements Fresh {}

  static Fresh text(String value) {
    return new Text(value, false);
  }

  static Fresh inferred(String value) {
    return new Text(value, true);
  }

  static Map_ map(List<Map.Entry<String, Fresh>> entries) {
    return new Map_(List.copyOf(entries));
  }

  /** Block lines for the entries of {@code map}, keys at {@code indent}. */
  static void renderEntries(
      Map_ map, int indent, int step, int seqIndent, String lineBreak, StringBuilder out) {
    for (Map.Entry<String, Fresh> entry : map.entries()) {
      out.append(" ".repeat(indent)).append(key(entry.getKey())).append(':');
      renderValue(entry.getValue(), indent, step, seqIndent, lineBreak, out);
    }
  }

  /** Block lines for {@code items}, dashes at {@code indent}. */
  static void renderItems(
      List<Fresh> items, int indent, int step, int seqIndent, String lineBreak, StringBuilder out) {
    for (Fresh item : items) {
      out.append(" ".repeat(indent)).append('-');
      if (item instanceof Map_ map && !map.entries().isEmpty()) {
        StringBuilder inner = new StringBuilder();
        renderEntries(map, indent + 2, step, seqIndent, lineBreak, inner);
        out.append(' ').append(inner, indent + 2, inner.length());
      } else if (item instanceof Text text) {
        out.append(' ').append(text.render()).append(lineBreak);
      } else {
        renderValue(item, indent, step, seqIndent, lineBreak, out);
      }
    }
  }

  private static void renderValue(
      Fresh value, int indent, int step, int seqIndent, String lineBreak, StringBuilder out) {
    if (value instanceof Text text) {
      out.append(' ').append(text.render()).append(lineBreak);
    } else if (value instanceof Map_ map) {
      if (map.entries().isEmpty()) {
        out.append(" {}").append(lineBreak);
      } else {
        out.append(lineBreak);
        renderEntries(map, indent + step, step, seqIndent, lineBreak, out);
      }
    } else {
      Seq seq = (Seq) value;
      if (seq.items().isEmpty()) {
        out.append(" []").append(lineBreak);
      } else {
        out.append(lineBreak);
        renderItems(seq.items(), indent + seqIndent, step, seqIndent, lineBreak, out);
      }
    }
  }

  static String scalar(String value) {
    if (Scalars.plainSafe(value, false) && Scalars.plainType(value).isString()) {
      return value;
    }
    return Scalars.doubleQuoted(value);
  }

  static String key(String key) {
    return scalar(key);
  }

  /** The canonical form {@link TextEditor} compares trees by. */
  static void canonical(Fresh fresh, StringBuilder out) {
    if (fresh instanceof Text text) {
      TextEditor.canonicalScalar(text.value(), text.type(), out);
    } else if (fresh instanceof Map_ map) {
      out.append('{');
      canonicalEntries(map, out);
      out.append('}');
    } else {
      out.append('[');
      canonicalItems(((Seq) fresh).items(), out);
      out.append(']');
    }
  }

  static void canonicalEntries(Map_ map, StringBuilder out) {
    for (Map.Entry<String, Fresh> entry : map.entries()) {
      TextEditor.canonicalScalar(entry.getKey(), Scalars.Type.STRING, out);
      out.append('=');
      canonical(entry.getValue(), out);
      out.append(',');
    }
  }

  static void canonicalItems(List<Fresh> items, StringBuilder out) {
    for (Fresh item : items) {
      canonical(item, out);
      out.append(',');
    }
  }
}
