package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Reads and writes Kubernetes manifests as Kubernetes itself reads them: plain scalars resolve like
 * go-yaml v2 (what {@code kubectl} and {@code sigs.k8s.io/yaml} use), so {@code yes} is a boolean
 * and {@code 0644} is octal 420; a string that another YAML reader could take for something else is
 * always written quoted.
 */
final class ManifestYaml {
  private static final Pattern YAML11_TRUE =
      Pattern.compile("y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON");
  private static final Pattern INT_LIKE =
      Pattern.compile("[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern SPECIAL_FLOAT =
      Pattern.compile("[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern TIMESTAMP_LIKE =
      Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");

  /** go-yaml v2's implicit resolution of plain scalars. */
  private static final ScalarResolver RESOLVER = ManifestYaml::resolve;

  private static final Schema SCHEMA =
      new Schema() {
        @Override
        public ScalarResolver getScalarResolver() {
          return RESOLVER;
        }

        @Override
        public Map<Tag, ConstructNode> getSchemaTagConstructors() {
          return Map.of();
        }
      };

  private static final LoadSettings LOAD =
      YamlBudget.settings()
          .setSchema(SCHEMA)
          .setAllowDuplicateKeys(false)
          .setUseMarks(true)
          .build();

  private static final DumpSettings DUMP =
      DumpSettings.builder()
          .setSchema(SCHEMA)
          .setDefaultFlowStyle(FlowStyle.BLOCK)
          .setIndent(2)
          .setIndicatorIndent(0)
          .setWidth(Integer.MAX_VALUE)
          .setSplitLines(false)
          .setDereferenceAliases(true)
          .build();

  // dumpNode uses only the settings, never the representer's state: one instance serves all.
  private static final Dump DUMPER = new Dump(DUMP);

  /** A parsed document and where it started. */
  record Document(Node node, int line) {}

  private ManifestYaml() {}

  private static final java.util.Set<String> NULL_WORDS =
      java.util.Set.of("", "~", "null", "Null", "NULL");
  private static final java.util.Set<String> BOOL_WORDS =
      java.util.Set.of(
          "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE",
          "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");

  static Tag resolve(String value, Boolean implicit) {
    if (!implicit) {
      return Tag.STR;
    }
    if (value.isEmpty()) {
      return Tag.NULL;
    }
    char first = value.charAt(0);
    // Fast path: most scalars start with a letter that no special value starts with.
    if (Character.isLetter(first) && "nNyYtTfFoO".indexOf(first) < 0) {
      return Tag.STR;
    }
    // The words are at most five chars long and start with few letters: numbers and longer
    // scalars skip hashing them for the look-ups.
    boolean word = value.length() <= 5 && "nNyYtTfFoO~".indexOf(first) >= 0;
    if (word && NULL_WORDS.contains(value)) {
      return Tag.NULL;
    }
    if (word && BOOL_WORDS.contains(value)) {
      return Tag.BOOL;
    }
    if ("<<".equals(value)) {
      return Tag.MERGE;
    }
    if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
      if (INT_LIKE.matcher(value).matches() && parseInt(value) != null) {
        return Tag.INT;
      }
      if (FLOAT.matcher(value).matches() || SPECIAL_FLOAT.matcher(value).matches()) {
        return Tag.FLOAT;
      }
    }
    return Tag.STR;
  }

  /** True when a reader could take the string for anything but a string if written plain. */
  static boolean needsQuotes(String value) {
    if (resolve(value, true) != Tag.STR || "=".equals(value)) {
      return true;
    }
    char first = value.charAt(0);
    return first >= '0' && first <= '9' && TIMESTAMP_LIKE.matcher(value).matches();
  }

  /**
   * Every non-empty document of a YAML stream, each within the {@link YamlBudget}; {@code origin}
   * names it in errors.
   */
  static List<Document> parseAll(String text, String origin) throws InvalidInputException {
    String current = text;
    // Each round empties one block scalar's blank lines (see BlankBlockScalars); a text has at
    // most one such block per line.
    for (int round = 0; ; round++) {
      try {
        return parseOnce(current, origin);
      } catch (MarkedYamlEngineException e) {
        String relaxed = round < MAX_RELAXED_BLOCKS ? BlankBlockScalars.relax(current, e) : null;
        if (relaxed == null) {
          throw new InvalidInputException(
              origin + " is not valid YAML: " + oneLine(e.getMessage()));
        }
        current = relaxed;
      }
    }
  }

  /** How many blank-only block scalars one text may have relaxed before it is refused. */
  private static final int MAX_RELAXED_BLOCKS = 1_000;

  private static List<Document> parseOnce(String text, String origin) throws InvalidInputException {
    List<Document> documents = new ArrayList<>();
    try {
      for (Node node : new Compose(LOAD).composeAllFromString(text)) {
        if (node instanceof ScalarNode scalar && scalar.getTag() == Tag.NULL) {
          continue; // an empty document (comments only, or a stray ---)
        }
        YamlBudget.check(node, origin);
        documents.add(new Document(node, node.getStartMark().map(m -> m.getLine() + 1).orElse(0)));
      }
    } catch (MarkedYamlEngineException e) {
      throw e; // parseAll may read it as libyaml would
    } catch (YamlEngineException e) {
      throw new InvalidInputException(origin + " is not valid YAML: " + oneLine(e.getMessage()));
    } catch (StackOverflowError e) {
      throw new InvalidInputException(origin + " is nested too deeply to be a manifest");
    }
    return documents;
  }

  /** A document's YAML text with its scalars' original styles; what Flux substitutes into. */
  static String text(Node node) {
    StringBuilder out = new StringBuilder();
    DUMPER.dumpNode(node, writer(out));
    return out.toString();
  }

  /** The string value at a path of mapping keys, or null when there is none. */
  static String scalarAt(Node node, String... path) {
    Node current = node;
    for (String key : path) {
      if (!(current instanceof MappingNode mapping)) {
        return null;
      }
      Node next = null;
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          next = tuple.getValueNode();
        }
      }
      current = next;
    }
    return current instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  /** The plain Java value of a node: maps, lists, strings, numbers, booleans and nulls. */
  static Object toJava(Node node, String origin) throws InvalidInputException {
    try {
      return convert(node, 0);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(origin + ": " + e.getMessage());
    }
  }

  private static Object convert(Node node, int depth) {
    if (depth > 200) {
      throw new IllegalArgumentException("nested more than 200 levels deep");
    }
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar);
    }
    if (node instanceof SequenceNode sequence) {
      List<Object> list = new ArrayList<>(sequence.getValue().size());
      for (Node item : sequence.getValue()) {
        list.add(convert(item, depth + 1));
      }
      return list;
    }
    MappingNode mapping = (MappingNode) node;
    Map<String, Object> map = new LinkedHashMap<>();
    List<Map<String, Object>> merges = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode().getTag() == Tag.MERGE) {
        Object merged = convert(tuple.getValueNode(), depth + 1);
        if (merged instanceof Map<?, ?> m) {
          merges.add(castMap(m));
        } else if (merged instanceof List<?> l) {
          for (Object each : l) {
            if (each instanceof Map<?, ?> m) {
              merges.add(castMap(m));
            }
          }
        }
        continue;
      }
      Object key = convert(tuple.getKeyNode(), depth + 1);
      if (key instanceof Map || key instanceof List) {
        throw new IllegalArgumentException(
            "a mapping key at line " + line(tuple.getKeyNode()) + " is not a scalar");
      }
      map.put(String.valueOf(key), convert(tuple.getValueNode(), depth + 1));
    }
    for (Map<String, Object> merge : merges) {
      merge.forEach(map::putIfAbsent);
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  private static int line(Node node) {
    return node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
  }

  private static Object scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.STR)) {
      return value;
    }
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL)) {
      return YAML11_TRUE.matcher(value).matches();
    }
    if (tag.equals(Tag.INT)) {
      Object number = parseInt(value);
      if (number == null) {
        throw new IllegalArgumentException(
            "'" + value + "' at line " + line(scalar) + " is tagged !!int but is not an integer");
      }
      return number;
    }
    if (tag.equals(Tag.FLOAT)) {
      String v = value.replace("_", "");
      if (SPECIAL_FLOAT.matcher(v).matches()) {
        return v.contains("nan") || v.contains("NaN") || v.contains("NAN")
            ? Double.NaN
            : v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      try {
        return new BigDecimal(v.startsWith("+") ? v.substring(1) : v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + value + "' at line " + line(scalar) + " is tagged !!float but is not a number");
      }
    }
    throw new IllegalArgumentException(
        "tag "
            + tag.getValue()
            + " at line "
            + line(scalar)
            + " is not supported in a manifest; remove it or quote the value");
  }

  /** go-yaml v2's integers: strconv.ParseInt(s, 0, 64) after dropping underscores. */
  private static Object parseInt(String text) {
    String s = text.replace("_", "");
    boolean negative = s.startsWith("-");
    if (s.startsWith("-") || s.startsWith("+")) {
      s = s.substring(1);
    }
    int radix = 10;
    if (s.startsWith("0x") || s.startsWith("0X")) {
      radix = 16;
      s = s.substring(2);
    } else if (s.startsWith("0b") || s.startsWith("0B")) {
      radix = 2;
      s = s.substring(2);
    } else if (s.startsWith("0o") || s.startsWith("0O")) {
      radix = 8;
      s = s.substring(2);
    } else if (s.length() > 1 && s.startsWith("0")) {
      radix = 8;
      s = s.substring(1);
    }
    if (s.isEmpty()) {
      return null;
    }
    try {
      BigInteger value = new BigInteger(s, radix);
      if (negative) {
        value = value.negate();
      }
      return value.bitLength() < 64 ? (Object) value.longValue() : value;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The stable form of a manifest: {@code apiVersion}, {@code kind}, {@code metadata} first, every
   * other key sorted, block style, multi-line strings as literal blocks, a trailing newline.
   */
  static String normalised(Map<String, Object> manifest) {
    String direct = NormalisedWriter.write(manifest);
    return direct != null ? direct : dumped(manifest);
  }

  /**
   * {@link #normalised} through snakeyaml-engine's emitter, for what the direct writer declines.
   */
  static String dumped(Map<String, Object> manifest) {
    StringBuilder out = new StringBuilder();
    DUMPER.dumpNode(node(manifest, true), writer(out));
    return out.toString();
  }

  static Comparator<String> keyOrder(boolean top) {
    return top ? TOP_ORDER : Comparator.naturalOrder();
  }

  private static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "metadata");

  private static final Comparator<String> TOP_ORDER =
      Comparator.<String>comparingInt(
              k -> TOP_KEYS.contains(k) ? TOP_KEYS.indexOf(k) : TOP_KEYS.size())
          .thenComparing(Comparator.naturalOrder());

  private static Node node(Object value, boolean top) {
    if (value instanceof Map<?, ?> map) {
      List<String> keys = new ArrayList<>();
      map.keySet().forEach(k -> keys.add(String.valueOf(k)));
      keys.sort(top ? TOP_ORDER : Comparator.naturalOrder());
      List<NodeTuple> tuples = new ArrayList<>(keys.size());
      for (String key : keys) {
        tuples.add(new NodeTuple(string(key), node(map.get(key), false)));
      }
      return new MappingNode(Tag.MAP, tuples, FlowStyle.BLOCK);
    }
    if (value instanceof List<?> list) {
      List<Node> items = new ArrayList<>(list.size());
      for (Object item : list) {
        items.add(node(item, false));
      }
      return new SequenceNode(Tag.SEQ, items, FlowStyle.BLOCK);
    }
    if (value == null) {
      return new ScalarNode(Tag.NULL, "null", ScalarStyle.PLAIN);
    }
    if (value instanceof Boolean b) {
      return new ScalarNode(Tag.BOOL, b.toString(), ScalarStyle.PLAIN);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof BigInteger) {
      return new ScalarNode(Tag.INT, value.toString(), ScalarStyle.PLAIN);
    }
    if (value instanceof Double d) {
      String text = d.isNaN() ? ".nan" : d > 0 ? ".inf" : "-.inf";
      return new ScalarNode(Tag.FLOAT, text, ScalarStyle.PLAIN);
    }
    if (value instanceof BigDecimal d) {
      return new ScalarNode(Tag.FLOAT, d.toString(), ScalarStyle.PLAIN);
    }
    return string(String.valueOf(value));
  }

  private static ScalarNode string(String value) {
    ScalarStyle style;
    if (value.contains("\n") && !value.contains("\r")) {
      style = ScalarStyle.LITERAL;
    } else if (needsQuotes(value)) {
      style = ScalarStyle.DOUBLE_QUOTED;
    } else {
      style = ScalarStyle.PLAIN;
    }
    return new ScalarNode(Tag.STR, true, value, style, Optional.empty(), Optional.empty());
  }

  private static StreamDataWriter writer(StringBuilder out) {
    return new StreamDataWriter() {
      @Override
      public void write(String str) {
        out.append(str);
      }

      @Override
      public void write(String str, int off, int len) {
        out.append(str, off, off + len);
      }
    };
  }

  static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String flat = message.replaceAll("\\s*\\n\\s*", "; ").trim();
    return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
  }
}
