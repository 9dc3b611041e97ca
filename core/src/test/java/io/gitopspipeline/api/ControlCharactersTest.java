package io.gitopspipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {
  @Test
  void newlinesAndTabsBecomeVisibleEscapes() {
    assertThat(ControlCharacters.escape("done\nINFO forged line\r\tx"))
        .isEqualTo("done\\nINFO forged line\\r\\tx");
  }

  @Test
  void terminalEscapeSequencesAreDisarmed() {
    assertThat(ControlCharacters.escape("\u001b[31mred\u001b[0m \u009b2J \u007f"))
        .isEqualTo("\\u001b[31mred\\u001b[0m \\u009b2J \\u007f");
  }

  @Test
  void lineSeparatorsAndBidiOverridesAreEscaped() {
    assertThat(ControlCharacters.escape("a\u2028b\u202ec\u2066d"))
        .isEqualTo("a\\u2028b\\u202ec\\u2066d");
  }

  @Test
  void ordinaryTextIsKeptAsItIs() {
    String text = "Reconciliation finished in 2.8s, C:\\path, naïve, 日本";
    assertThat(ControlCharacters.escape(text)).isEqualTo(text);
    assertThat(ControlCharacters.escape(null)).isNull();
  }
}
