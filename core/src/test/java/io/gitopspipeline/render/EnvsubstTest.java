package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every string-level case of Flux's own envsubst tests (TestExpand, TestExpandStrict, the parser
 * tests) and the semantics read from its code; see render/envsubst/cases.json (copied from
 * shared/fixtures/envsubst-cases.md).
 */
class EnvsubstTest {

  record Case(
      String id,
      boolean strict,
      Map<String, String> vars,
      String input,
      String expected,
      String error) {
    @Override
    public String toString() {
      return id + (strict ? " (strict) " : " ") + input;
    }
  }

  static Stream<Case> fluxCases() throws IOException {
    try (InputStream in = EnvsubstTest.class.getResourceAsStream("/render/envsubst/cases.json")) {
      List<Case> cases = new ObjectMapper().readValue(in, new TypeReference<List<Case>>() {});
      return new ArrayList<>(cases).stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fluxCases")
  void expandsLikeFlux(Case c) throws Exception {
    if (c.error() != null) {
      assertThatThrownBy(() -> Envsubst.eval(c.input(), c.vars(), c.strict()))
          .isInstanceOf(Envsubst.SubstitutionException.class)
          .hasMessage(c.error());
    } else {
      assertThat(Envsubst.eval(c.input(), c.vars(), c.strict())).isEqualTo(c.expected());
    }
  }

  @Test
  void strictModeCollectsEveryMissingVariableWhenAsked() throws Exception {
    List<String> missing = new ArrayList<>();
    String out =
        Envsubst.eval("${a} ${b:-x} ${c^^} ${d=y}", Map.<String, String>of()::get, missing::add);

    assertThat(missing).containsExactly("a", "c");
    assertThat(out).isEqualTo(" x  y");
  }

  @Test
  void substringCountsNegativeOffsetsAndLengthsFromTheEnd() throws Exception {
    Map<String, String> vars = Map.of("v", "abcdef");

    assertThat(Envsubst.eval("${v:-2}", vars, false)).isEqualTo("abcdef");
    assertThat(Envsubst.eval("${v:1:-1}", vars, false)).isEqualTo("bcde");
    assertThat(Envsubst.eval("${v:2:2}", vars, false)).isEqualTo("cd");
    assertThat(Envsubst.eval("${v:10}", vars, false)).isEmpty();
    assertThat(Envsubst.eval("${v:x}", vars, false)).isEqualTo("abcdef");
    assertThat(Envsubst.eval("${v:1:9223372036854775807}", vars, false)).isEqualTo("bcdef");
    assertThat(Envsubst.eval("${v:99999999999999999999}", vars, false)).isEqualTo("abcdef");
  }

  @Test
  void lengthCountsUtf8BytesLikeGo() throws Exception {
    assertThat(Envsubst.eval("${#v}", Map.of("v", "é"), false)).isEqualTo("2");
  }

  @Test
  void emptyPatternReplacementsBehaveLikeGoStringsReplace() throws Exception {
    Map<String, String> vars = Map.of("v", "ab");

    assertThat(Envsubst.eval("${v/#/x}", vars, false)).isEqualTo("xab");
    assertThat(Envsubst.eval("${v/%b/}", vars, false)).isEqualTo("ab");
    assertThat(Envsubst.goReplace("ab", "", "-", -1)).isEqualTo("-a-b-");
  }

  @Test
  void unterminatedExpressionIsABadSubstitution() {
    assertThatThrownBy(() -> Envsubst.eval("${var", Map.of(), false))
        .hasMessage("missing closing brace");
    assertThatThrownBy(() -> Envsubst.eval("${}", Map.of(), false))
        .hasMessage("unable to parse variable name");
  }

  @Test
  void thePublicFacadeReportsFailuresAsInvalidInput() throws Exception {
    assertThat(FluxEnvsubst.expand("image: ${IMAGE}", Map.of("IMAGE", "nginx:1"), true))
        .isEqualTo("image: nginx:1");
    assertThatThrownBy(() -> FluxEnvsubst.expand("${IMAGE}", Map.of(), true))
        .isInstanceOf(io.gitopspipeline.api.InvalidInputException.class)
        .hasMessage("variable substitution failed: variable not set (strict mode): \"IMAGE\"");
  }
}
