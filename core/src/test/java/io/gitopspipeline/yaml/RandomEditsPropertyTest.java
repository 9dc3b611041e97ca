package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Random edits on random documents, checked against snakeyaml-engine's own loader and composer (not
 * our parser): the loaded tree equals the old one with only the edited value replaced, a string
 * stays a string, and every byte outside the edited value's lines is unchanged.
 */
class RandomEditsPropertyTest {
  private static final List<String> NEW_VALUES =
      List.of(
          "v2",
          "1.10",
          "yes",
          "null",
          "",
          "a: b",
          "#x",
          "x #y",
          "it's",
          "say \"hi\"",
          "two\nlines",
          "ünï",
          "🎉 party",
          "- dash",
          "[x]",
          "{y}",
          "*star",
          "&amp",
          "!bang",
          "%pct",
          "@at",
          "`tick",
          "123",
          "-7",
          "true",
          "~",
          " lead",
          "trail ",
          "x\ty",
          "a,b",
          "---",
          "...",
          "\\",
          "line\n",
          "ok\n\n",
          "2024-01-01",
          "0x1F",
          "on",
          ":colon",
          "?q",
          "|pipe",
          ">gt");

  sealed interface Gen permits GMap, GSeq, GScalar {}

  record GMap(List<Map.Entry<String, Gen>> entries, boolean flow) implements Gen {}

  record GSeq(List<Gen> items, boolean flow) implements Gen {}

  /** style: p plain, s single, d double, l literal block. */
  record GScalar(String value, char style) implements Gen {}

  record Case(String yaml, List<String> leaves) {}

  @Provide
  Arbitrary<Case> documents() {
    return Combinators.combine(map(3, false), Arbitraries.of("\n", "\r\n"), Arbitraries.of(2, 4))
        .as(
            (root, lineBreak, indent) -> {
              StringBuilder out = new StringBuilder("# generated\n");
              List<String> leaves = new ArrayList<>();
              renderMap((GMap) root, 0, indent, out, "", leaves);
              return new Case(out.toString().replace("\n", lineBreak), leaves);
            })
        .filter(c -> !c.leaves().isEmpty());
  }

  private Arbitrary<Gen> node(int depth, boolean flow) {
    if (depth == 0) {
      return scalar(flow);
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, scalar(flow)),
        net.jqwik.api.Tuple.of(2, map(depth - 1, flow)),
        net.jqwik.api.Tuple.of(2, seq(depth - 1, flow)));
  }

  private Arbitrary<Gen> map(int depth, boolean parentFlow) {
    Arbitrary<Boolean> flow =
        parentFlow ? Arbitraries.just(true) : Arbitraries.of(false, false, true);
    return flow.flatMap(
        f ->
            Combinators.combine(
                    Arbitraries.strings()
                        .withCharRange('a', 'e')
                        .ofMinLength(1)
                        .ofMaxLength(3)
                        .map(s -> "k" + s)
                        .injectDuplicates(0.0)
                        .flatMap(k -> Arbitraries.of(k, k + ".x"))
                        .list()
                        .ofMinSize(1)
                        .ofMaxSize(4)
                        .uniqueElements(),
                    node(depth, f).list().ofSize(4))
                .as(
                    (keys, values) -> {
                      List<Map.Entry<String, Gen>> entries = new ArrayList<>();
                      for (int i = 0; i < keys.size(); i++) {
                        entries.add(Map.entry(keys.get(i), values.get(i)));
                      }
                      return (Gen) new GMap(entries, f);
                    }));
  }

  private Arbitrary<Gen> seq(int depth, boolean parentFlow) {
    Arbitrary<Boolean> flow = parentFlow ? Arbitraries.just(true) : Arbitraries.of(false, true);
    return flow.flatMap(
        f ->
            node(depth, f).list().ofMinSize(1).ofMaxSize(3).map(items -> (Gen) new GSeq(items, f)));
  }

  private Arbitrary<Gen> scalar(boolean flow) {
    Arbitrary<String> values =
        Arbitraries.of(
            "v1",
            "1.9",
            "3",
            "true",
            "hello world",
            "a:b",
            "x-y_z",
            "ünï",
            "it's",
            "q\"d",
            "",
            "null",
            "line1\nline2\n");
    Arbitrary<Character> styles =
        flow ? Arbitraries.of('p', 's', 'd') : Arbitraries.of('p', 's', 'd', 'l');
    return Combinators.combine(values, styles).as((v, s) -> (Gen) new GScalar(v, s));
  }

  // ---------------------------------------------------------------- rendering

  private static String key(String k) {
    return k;
  }

  private static String pathKey(String k) {
    return k.replace(".", "\\.");
  }

  private static String scalarText(GScalar s, boolean flow, int indent) {
    String v = s.value();
    char style = s.style();
    if (style == 'l' && v.endsWith("\n") && !v.isBlank()) {
      StringBuilder out = new StringBuilder("|");
      for (String line : v.substring(0, v.length() - 1).split("\n", -1)) {
        out.append('\n').append(" ".repeat(indent)).append(line);
      }
      return out.toString();
    }
    if (style == 'p'
        && Scalars.plainSafe(v, flow)
        && (Scalars.plainType(v).isString() || Scalars.plainType(v).agreed() != null)) {
      return v;
    }
    if (style == 's' && !v.contains("\n")) {
      return Scalars.singleQuoted(v);
    }
    return Scalars.doubleQuoted(v);
  }

  private static void renderMap(
      GMap map, int indent, int step, StringBuilder out, String path, List<String> leaves) {
    int i = 0;
    for (Map.Entry<String, Gen> entry : map.entries()) {
      String p = path.isEmpty() ? pathKey(entry.getKey()) : path + "." + pathKey(entry.getKey());
      if (i++ > 0 || out.charAt(out.length() - 1) == '\n') {
        out.append(" ".repeat(indent));
      }
      out.append(key(entry.getKey())).append(':');
      renderValue(entry.getValue(), indent, step, out, p, leaves);
    }
  }

  private static void renderValue(
      Gen value, int indent, int step, StringBuilder out, String path, List<String> leaves) {
    if (value instanceof GScalar s) {
      leaves.add(path);
      out.append(' ').append(scalarText(s, false, indent + step));
      out.append(path.length() % 3 == 0 ? "   # note\n" : "\n");
      if (path.length() % 5 == 0) {
        out.append('\n');
      }
    } else if (value instanceof GMap m && !m.flow()) {
      out.append('\n');
      renderMap(m, indent + step, step, out, path, leaves);
    } else if (value instanceof GSeq s && !s.flow()) {
      out.append('\n');
      for (int i = 0; i < s.items().size(); i++) {
        String p = path + "[" + i + "]";
        out.append(" ".repeat(indent)).append("- ");
        Gen item = s.items().get(i);
        if (item instanceof GMap m && !m.flow()) {
          renderMap(m, indent + 2, step, out, p, leaves);
        } else if (item instanceof GScalar sc) {
          leaves.add(p);
          out.append(scalarText(sc, false, indent + 2)).append('\n');
        } else {
          out.append(flow(item, p, leaves)).append('\n');
        }
      }
    } else {
      out.append(' ').append(flow(value, path, leaves)).append('\n');
    }
  }

  private static String flow(Gen gen, String path, List<String> leaves) {
    if (gen instanceof GScalar s) {
      leaves.add(path);
      return scalarText(new GScalar(s.value(), s.style() == 'l' ? 'd' : s.style()), true, 0);
    }
    StringBuilder out = new StringBuilder();
    if (gen instanceof GMap m) {
      out.append('{');
      int i = 0;
      for (Map.Entry<String, Gen> entry : m.entries()) {
        out.append(i++ == 0 ? "" : ", ").append(key(entry.getKey())).append(": ");
        out.append(flow(entry.getValue(), path + "." + pathKey(entry.getKey()), leaves));
      }
      return out.append('}').toString();
    }
    GSeq s = (GSeq) gen;
    out.append('[');
    for (int i = 0; i < s.items().size(); i++) {
      out.append(i == 0 ? "" : ", ").append(flow(s.items().get(i), path + "[" + i + "]", leaves));
    }
    return out.append(']').toString();
  }

  // ---------------------------------------------------------------- the property

  @Property(tries = 500)
  void randomEditsChangeOnlyTheirValue(
      @ForAll("documents") Case document, @ForAll int leafChoice, @ForAll int valueChoice)
      throws Exception {
    String path = document.leaves().get(Math.floorMod(leafChoice, document.leaves().size()));
    String value = NEW_VALUES.get(Math.floorMod(valueChoice, NEW_VALUES.size()));
    String yaml = document.yaml();
    Object before = load(yaml);
    ScalarNode target = find(yaml, path);

    String edited;
    try {
      edited = new YamlEditor().set(yaml, null, List.of(ValueUpdate.of(path, value)));
    } catch (InvalidInputException e) {
      throw new AssertionError("edit of " + path + " refused on:\n" + yaml, e);
    }

    Object after = load(edited);
    Object oldValue = get(before, path);
    Object newValue = get(after, path);
    if (oldValue instanceof String) {
      assertThat(newValue).as("a string stays a string").isEqualTo(value);
    } else if (!(newValue instanceof String)) {
      assertThat(newValue == null ? null : newValue.getClass())
          .as("a number, boolean or null keeps its type")
          .isEqualTo(oldValue == null ? null : oldValue.getClass());
      assertThat(find(edited, path).getValue()).isEqualTo(value);
    } else {
      assertThat(newValue).isEqualTo(value);
    }
    assertThat(after).isEqualTo(put(before, path, newValue));

    // bytes outside the target's lines are unchanged
    int prefix = 0;
    while (prefix < yaml.length()
        && prefix < edited.length()
        && yaml.charAt(prefix) == edited.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < yaml.length() - prefix
        && suffix < edited.length() - prefix
        && yaml.charAt(yaml.length() - 1 - suffix) == edited.charAt(edited.length() - 1 - suffix)) {
      suffix++;
    }
    int firstLine = target.getStartMark().orElseThrow().getLine();
    int lastLine = target.getEndMark().orElseThrow().getLine();
    if (prefix < yaml.length() - suffix || yaml.length() != edited.length()) {
      assertThat(lineOf(yaml, prefix)).isGreaterThanOrEqualTo(firstLine);
      assertThat(lineOf(yaml, Math.max(prefix, yaml.length() - suffix - 1)))
          .isLessThanOrEqualTo(lastLine);
    }
  }

  /**
   * Editing only the touched entries ({@link EntryWindows}) gives what the whole-file edit gives:
   * the same text and changes, or the same error.
   */
  /**
   * Top-level entries that stress the outline: constructs it must skip, and constructs that must
   * make it give up (a quoted or flow value whose next line looks like a key).
   */
  private static final List<String> HAZARDS =
      List.of(
          "zq: \"multi\nline: 1\n  still\"\n",
          "zs: 'multi\nline: 1'\n",
          "zf: [a,\nb: 2]\n",
          "zb: |\n  k: \"v\n  - [x\n\n  # text\n",
          "za: &anc\n  x: 1\nzr: *anc\n",
          "zi:\n- a\n- b: c\n  d: e\n",
          "zc: 1 # comment\n# column 0\n   # indented\n",
          "zp: plain\n  continued\n  - more\n",
          "zt: \"tab\there\"\n",
          "\"zk\u00e9\": 1\n'z''k': 2\n",
          "zu: \"\uD83C\uDF89\"\n",
          "zh: >-\n    folded\n  # less indented comment\nzh2: 1\n",
          "zd: --- not a marker\n",
          "zm:\n  ? complex\n  : key\n",
          "zx: !!str 12\n");

  @Property(tries = 500)
  void entryWindowsAgreeWithTheWholeFileEdit(
      @ForAll("documents") Case generated,
      @ForAll int leafChoice,
      @ForAll int otherChoice,
      @ForAll int valueChoice,
      @ForAll int hazardChoice,
      @ForAll int placeChoice) {
    Case document = withHazard(generated, hazardChoice, placeChoice);
    List<ValueUpdate> updates = new ArrayList<>();
    String value = NEW_VALUES.get(Math.floorMod(valueChoice, NEW_VALUES.size()));
    updates.add(
        ValueUpdate.of(
            document.leaves().get(Math.floorMod(leafChoice, document.leaves().size())), value));
    String other = document.leaves().get(Math.floorMod(otherChoice, document.leaves().size()));
    if (!other.equals(updates.get(0).path())) {
      updates.add(ValueUpdate.of(other, "other"));
    }
    TextEditor whole = new TextEditor(YamlLimits.DEFAULT, Integer.MAX_VALUE);
    TextEditor windowed = new TextEditor(YamlLimits.DEFAULT, 0);
    boolean used =
        new EntryWindows(whole, YamlLimits.DEFAULT, 0).set(document.yaml(), null, updates, false)
            != null;
    net.jqwik.api.statistics.Statistics.label("entry windows used").collect(used);
    assertThat(outcome(windowed, document.yaml(), updates))
        .as("%s on:%n%s", updates, document.yaml())
        .isEqualTo(outcome(whole, document.yaml(), updates));
  }

  /**
   * The document with one hazard entry inserted before one of its column-0 lines, or at the end.
   */
  private static Case withHazard(Case document, int hazardChoice, int placeChoice) {
    String yaml = document.yaml();
    String lineBreak = TextEditor.lineBreak(yaml);
    String hazard =
        HAZARDS.get(Math.floorMod(hazardChoice, HAZARDS.size())).replace("\n", lineBreak);
    List<Integer> places = new ArrayList<>();
    for (int i = 1; i < yaml.length(); i++) {
      if (yaml.charAt(i - 1) == '\n' && " -\r\n".indexOf(yaml.charAt(i)) < 0) {
        places.add(i);
      }
    }
    places.add(yaml.endsWith("\n") ? yaml.length() : -1);
    int at = places.get(Math.floorMod(placeChoice, places.size()));
    if (at < 0) {
      return new Case(yaml + lineBreak + hazard, document.leaves());
    }
    return new Case(yaml.substring(0, at) + hazard + yaml.substring(at), document.leaves());
  }

  private static Object outcome(TextEditor editor, String yaml, List<ValueUpdate> updates) {
    try {
      return editor.set(yaml, null, updates, false);
    } catch (io.gitopspipeline.api.GitOpsException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static int lineOf(String text, int offset) {
    int line = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static Object load(String yaml) {
    return new Load(LoadSettings.builder().build()).loadFromString(yaml);
  }

  private static List<Object> segments(String path) throws InvalidInputException {
    List<Object> out = new ArrayList<>();
    for (YamlPath.Segment s : YamlPath.parse(path).segments()) {
      out.add(s instanceof YamlPath.Index i ? (Object) i.index() : ((YamlPath.Key) s).name());
    }
    return out;
  }

  private static Object get(Object tree, String path) throws InvalidInputException {
    Object current = tree;
    for (Object s : segments(path)) {
      current = s instanceof Integer i ? ((List<?>) current).get(i) : ((Map<?, ?>) current).get(s);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static Object put(Object tree, String path, Object value) throws InvalidInputException {
    Object copy = deepCopy(tree);
    List<Object> segments = segments(path);
    Object current = copy;
    for (int i = 0; i < segments.size() - 1; i++) {
      Object s = segments.get(i);
      current = s instanceof Integer n ? ((List<?>) current).get(n) : ((Map<?, ?>) current).get(s);
    }
    Object last = segments.get(segments.size() - 1);
    if (last instanceof Integer n) {
      ((List<Object>) current).set(n, value);
    } else {
      ((Map<Object, Object>) current).put(last, value);
    }
    return copy;
  }

  private static Object deepCopy(Object tree) {
    if (tree instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, deepCopy(v)));
      return out;
    }
    if (tree instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(deepCopy(v)));
      return out;
    }
    return tree;
  }

  private static ScalarNode find(String yaml, String path) throws InvalidInputException {
    Node current = new Compose(LoadSettings.builder().build()).composeString(yaml).orElseThrow();
    for (Object s : segments(path)) {
      if (s instanceof Integer i) {
        current = ((SequenceNode) current).getValue().get(i);
      } else {
        Node next = null;
        for (NodeTuple tuple : ((MappingNode) current).getValue()) {
          if (((ScalarNode) tuple.getKeyNode()).getValue().equals(s)) {
            next = tuple.getValueNode();
          }
        }
        current = next;
      }
    }
    return (ScalarNode) current;
  }
}
