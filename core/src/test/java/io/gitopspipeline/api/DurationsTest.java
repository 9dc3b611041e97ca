package io.gitopspipeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    "90s,PT1M30S",
    "5m,PT5M",
    "1h30m,PT1H30M",
    "250ms,PT0.25S",
    "2d,PT48H",
    "PT10M,PT10M"
  })
  void parsesGoStyleAndIsoDurations(String text, String expected) throws Exception {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "5 minutes", "m5", "1h-30m", "PTX"})
  void rejectsWhatItCannotReadAndQuotesIt(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("duration");
  }
}
