package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class ImageReferenceFuzzTest {
  /**
   * Any text either parses into a reference whose normalised and familiar forms parse back to it,
   * or is refused with the parser's own error and a message; nothing else escapes.
   */
  @FuzzTest(maxDuration = "30s")
  void parserOnlyEverThrowsItsOwnError(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(input);
    } catch (InvalidImageReferenceException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    try {
      assertThat(ImageReference.parse(parsed.toString())).isEqualTo(parsed);
      assertThat(ImageReference.parse(parsed.familiar())).isEqualTo(parsed);
    } catch (InvalidImageReferenceException e) {
      throw new AssertionError("normalised form of '" + input + "' does not parse back", e);
    }
  }
}
