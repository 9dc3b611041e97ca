package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Substituting into a resource's scalars is a shortcut for Flux's round trip (serialise, expand the
 * text, parse again): wherever it is taken it gives the same resource and the same missing
 * variables, and it declines whatever it cannot prove.
 */
class ScalarExpansionTest {
  private static final Map<String, String> VARS = new LinkedHashMap<>();

  static {
    VARS.put("IMAGE", "registry.example.com/app:1.2.3");
    VARS.put("N", "3");
    VARS.put("OCT", "0644");
    VARS.put("YES", "yes");
    VARS.put("NUL", "null");
    VARS.put("COLON", "a: b");
    VARS.put("HASH", "x #y");
    VARS.put("EMPTY", "");
    VARS.put("DASH", "- x");
    VARS.put("QUOTE", "'q'");
    VARS.put("DOC", "---");
    VARS.put("NESTED", "${IMAGE}");
    VARS.put("SPACE", " lead");
    VARS.put("UNI", "é");
    VARS.put("MERGE", "<<");
  }

  @Provide
  Arbitrary<String> value() {
    Arbitrary<String> name =
        Arbitraries.of(new ArrayList<>(VARS.keySet())).map(n -> n).injectDuplicates(0.1);
    Arbitrary<String> unset = Arbitraries.of("UNSET", "OTHER");
    Arbitrary<String> expression =
        Arbitraries.oneOf(
            name.map(n -> "${" + n + "}"),
            unset.map(n -> "${" + n + "}"),
            name.map(n -> "${" + n + ":-d}"),
            name.map(n -> "${" + n + ":=7}"),
            name.map(n -> "${#" + n + "}"),
            Arbitraries.of("$${IMAGE}", "$", "${", "${IMAGE", "${}", "$$"));
    Arbitrary<String> plain =
        Combinators.combine(
                Arbitraries.of("", "x", "v-", "1", "a:", "a b ", "#", "0x"),
                expression,
                Arbitraries.of("", "y", ":", " #c", ".5", "}", "$"))
            .as((a, b, c) -> a + b + c);
    return Arbitraries.oneOf(
        plain,
        plain.map(p -> "\"" + p + "\""),
        plain.map(p -> "'" + p + "'"),
        plain.map(p -> "{a: " + p + "}"),
        plain.map(p -> "[" + p + ", b]"),
        plain.map(p -> "|\n    " + p),
        plain.map(p -> "!!str " + p),
        plain.map(p -> "&a " + p),
        Arbitraries.of("plain", "3", "\"quoted\"", "{cpu: 10m}", "[1, 2]", "~"));
  }

  @Provide
  Arbitrary<String> key() {
    return Arbitraries.of("image", "replicas", "note", "k${N}", "\"q${IMAGE}\"", "<<");
  }

  @Property(tries = 2000)
  void givesWhatFluxsRoundTripGivesOrDeclines(
      @ForAll("key") String k1,
      @ForAll("value") String v1,
      @ForAll("key") String k2,
      @ForAll("value") String v2,
      @ForAll("value") String item,
      @ForAll boolean strict)
      throws Exception {
    String yaml =
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\ndata:\n  "
            + k1
            + ": "
            + v1
            + "\n  "
            + k2
            + ": "
            + v2
            + "\nlist:\n- "
            + item.replace("\n    ", "\n  ")
            + "\n";
    List<ManifestYaml.Document> docs;
    try {
      docs = ManifestYaml.parseAll(yaml, "t");
    } catch (InvalidInputException e) {
      return; // not YAML to begin with
    }
    if (docs.size() != 1) {
      return;
    }
    Node node = docs.get(0).node();
    FluxSubstitution substitution = new FluxSubstitution(VARS, strict, false);
    List<FluxSubstitution.Missing> fastMissing = new ArrayList<>();
    Node fast = substitution.substituteScalars(node, "t", fastMissing);
    Statistics.label("shortcut").collect(fast != null);
    if (fast == null) {
      return; // declined: the round trip decides
    }
    Object fastValue;
    try {
      fastValue = ManifestYaml.toJava(fast, "t");
    } catch (InvalidInputException e) {
      return; // the renderer then takes the round trip for its exact message
    }
    List<FluxSubstitution.Missing> slowMissing = new ArrayList<>();
    Object slowValue;
    try {
      String text = ManifestYaml.text(node);
      List<ManifestYaml.Document> again =
          ManifestYaml.parseAll(substitution.substitute(text, "t", slowMissing), "t");
      assertThat(again).hasSize(1);
      slowValue = ManifestYaml.toJava(again.get(0).node(), "t");
    } catch (InvalidInputException e) {
      slowValue = "error: " + e.getMessage();
    }
    assertThat(fastValue).as(yaml).isEqualTo(slowValue);
    assertThat(fastMissing).as(yaml).isEqualTo(slowMissing);
  }

  @Example
  void takesTheShortcutForPlainBlockValuesAndTypesThemAsFluxWould() throws Exception {
    Node node =
        ManifestYaml.parseAll(
                "kind: Deployment\nspec:\n  replicas: ${N}\n  image: ${IMAGE}\n  paused: ${YES}\n",
                "t")
            .get(0)
            .node();
    Node expanded = new FluxSubstitution(VARS, true, false).substituteScalars(node, "t", List.of());
    assertThat(ManifestYaml.toJava(expanded, "t"))
        .isEqualTo(
            Map.of(
                "kind",
                "Deployment",
                "spec",
                Map.of("replicas", 3L, "image", "registry.example.com/app:1.2.3", "paused", true)));
  }

  @Example
  void declinesValuesThatWouldChangeTheDocumentsShape() throws Exception {
    for (String yaml :
        List.of("a: ${COLON}\n", "a: \"${N}\"\n", "a: [x, $N]\n", "${N}: x\n", "a: x ${HASH}\n")) {
      Node node = ManifestYaml.parseAll(yaml, "t").get(0).node();
      assertThat(new FluxSubstitution(VARS, false, false).substituteScalars(node, "t", List.of()))
          .as(yaml)
          .isNull();
    }
  }
}
