package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one-pass expansion of plain {@code ${NAME}} text is an optimisation only: on any text it
 * either declines or gives exactly what Flux's parser and evaluator give, reporting the same
 * missing variables in the same order.
 */
class EnvsubstFastPathTest {
  private static final Map<String, String> VARS = Map.of("A", "x$y", "b_1", "", "É", "é{}");

  @Provide
  Arbitrary<String> envsubstText() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "$", "$$", "{", "}", "${", "A", "b_1", "É", "C", "1", "_", ":", "-", "=", "#", "%", "/",
            ",", "^", "\\", " ", "\n", "\0", "x", "${A}", "${C}", "$${A}", "${A:-d}", "${#A}");
    return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
  }

  @Property(tries = 3000)
  void plainExpressionsExpandExactlyAsFluxsParserExpandsThem(
      @ForAll("envsubstText") String text, @ForAll boolean strict) {
    Envsubst.Lookup lookup = strict ? VARS::get : name -> VARS.getOrDefault(name, "");
    List<String> fastMissing = new ArrayList<>();
    String fast = Envsubst.evalSimple(text, lookup, fastMissing::add);
    if (fast == null) {
      assertThat(fastMissing).isEmpty();
      return; // declined: the parser handles it
    }
    List<String> parsedMissing = new ArrayList<>();
    String parsed;
    try {
      parsed = Envsubst.evalParsed(text, lookup, parsedMissing::add);
    } catch (Envsubst.SubstitutionException e) {
      parsed = "error: " + e.getMessage();
    }
    assertThat(fast).isEqualTo(parsed);
    assertThat(fastMissing).isEqualTo(parsedMissing);
  }

  @Example
  void takesTheCommonManifestShapeInOnePass() {
    String text = "image: ${A}\nreplicas: ${b_1}\nprice: $5 and $${A}\n";
    assertThat(Envsubst.evalSimple(text, VARS::get, name -> {}))
        .isEqualTo("image: x$y\nreplicas: \nprice: $5 and ${A}\n");
  }
}
