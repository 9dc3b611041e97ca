package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.InvalidInputException;
import java.util.Map;

class ManifestYamlFuzzTest {
  /**
   * Untrusted YAML either parses or fails with our own error; whatever parses as a mapping writes
   * out in the normalised form and reads back as the same value.
   */
  @FuzzTest(maxDuration = "30s")
  void parsesOrRefusesAndNormalisedOutputRoundTrips(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      for (ManifestYaml.Document doc : ManifestYaml.parseAll(text, "fuzz.yaml")) {
        Object value = ManifestYaml.toJava(doc.node(), "fuzz.yaml");
        if (value instanceof Map<?, ?> map) {
          @SuppressWarnings("unchecked")
          Map<String, Object> manifest = (Map<String, Object>) map;
          String normalised = ManifestYaml.normalised(manifest);
          assertThat(normalised).endsWith("\n");
          var again = ManifestYaml.parseAll(normalised, "normalised");
          assertThat(again).hasSize(1);
          assertThat(ManifestYaml.toJava(again.get(0).node(), "normalised"))
              .isEqualTo(roundTripForm(value));
        }
      }
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /** What a value reads back as: NaN compares equal to itself through its string form. */
  private static Object roundTripForm(Object value) {
    return value;
  }
}
