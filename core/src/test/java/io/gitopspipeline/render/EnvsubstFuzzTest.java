package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

class EnvsubstFuzzTest {
  /** Any text either expands or fails with envsubst's own error; nothing else escapes. */
  @FuzzTest(maxDuration = "30s")
  void expandsOrFailsWithItsOwnError(FuzzedDataProvider data) {
    boolean strict = data.consumeBoolean();
    Map<String, String> vars = Map.of("a", data.consumeString(20), "b_1", data.consumeString(20));
    String input = data.consumeRemainingAsString();
    try {
      String out = Envsubst.eval(input, vars, strict);
      // Without '$' nothing expands; a NUL ends the input, as Go's scanner reads it as EOF.
      if (!input.contains("$") && !input.contains("\0")) {
        assertThat(out).isEqualTo(input);
      }
    } catch (Envsubst.SubstitutionException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
