package io.gitopspipeline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the normalised form of a manifest directly, byte for byte what snakeyaml-engine's emitter
 * writes with {@link ManifestYaml}'s settings (block style, indent 2, sequences not indented inside
 * mappings), for the values manifests are mostly made of: mappings, lists, integers, booleans,
 * nulls and one-line printable ASCII strings that are written plain or in simple double quotes.
 * Anything else (multi-line strings, floats, long or odd keys, strings needing escapes or another
 * quoting style) returns null and goes through the emitter. A property test compares both.
 */
final class NormalisedWriter {
  /** snakeyaml writes a key plain only below 128 chars including its "!!str" tag; stay below. */
  private static final int MAX_KEY = 100;

  private final StringBuilder out = new StringBuilder(1024);

  private NormalisedWriter() {}

  /** The normalised text, or null when the emitter must decide. */
  static String write(Map<String, Object> manifest) {
    NormalisedWriter writer = new NormalisedWriter();
    if (manifest.isEmpty()) {
      return null;
    }
    return writer.mapping(manifest, 0, false, true) ? writer.out.toString() : null;
  }

  private boolean mapping(Map<?, ?> map, int indent, boolean inline, boolean top) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      keys.add(String.valueOf(key));
    }
    keys.sort(ManifestYaml.keyOrder(top));
    boolean first = true;
    for (String key : keys) {
      if (!(first && inline)) {
        indent(indent);
      }
      first = false;
      if (key.length() > MAX_KEY || !scalar(key)) {
        return false;
      }
      out.append(':');
      Object value = map.get(key);
      if (value instanceof Map<?, ?> m && !m.isEmpty()) {
        out.append('\n');
        if (!mapping(m, indent + 2, false, false)) {
          return false;
        }
      } else if (value instanceof List<?> l && !l.isEmpty()) {
        out.append('\n');
        if (!sequence(l, indent, false)) {
          return false;
        }
      } else {
        out.append(' ');
        if (!leaf(value)) {
          return false;
        }
        out.append('\n');
      }
    }
    return true;
  }

  private boolean sequence(List<?> list, int indent, boolean inline) {
    boolean first = true;
    for (Object item : list) {
      if (!(first && inline)) {
        indent(indent);
      }
      first = false;
      out.append("- ");
      if (item instanceof Map<?, ?> m && !m.isEmpty()) {
        if (!mapping(m, indent + 2, true, false)) {
          return false;
        }
      } else if (item instanceof List<?> l && !l.isEmpty()) {
        if (!sequence(l, indent + 2, true)) {
          return false;
        }
      } else {
        if (!leaf(item)) {
          return false;
        }
        out.append('\n');
      }
    }
    return true;
  }

  private void indent(int indent) {
    for (int i = 0; i < indent; i++) {
      out.append(' ');
    }
  }

  /** An empty collection, null, boolean, integer or string; false for anything else. */
  private boolean leaf(Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?>) {
      out.append("{}");
    } else if (value instanceof List<?>) {
      out.append("[]");
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof String s) {
      return scalar(s);
    } else {
      return false; // BigInteger, BigDecimal, Double: the emitter decides
    }
    return true;
  }

  /** A string plain when that reads back as the same string, else in simple double quotes. */
  private boolean scalar(String s) {
    if (s.isEmpty() || !printableAscii(s)) {
      return false;
    }
    if (ManifestYaml.needsQuotes(s)) {
      if (s.indexOf('"') >= 0 || s.indexOf('\\') >= 0) {
        return false;
      }
      out.append('"').append(s).append('"');
      return true;
    }
    if (!ScalarExpansion.safePlain(s)) {
      return false;
    }
    out.append(s);
    return true;
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
