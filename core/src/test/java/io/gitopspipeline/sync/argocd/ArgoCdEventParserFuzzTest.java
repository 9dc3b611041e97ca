package io.gitopspipeline.sync.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParsers;
import io.gitopspipeline.sync.ParseResult;
import io.gitopspipeline.sync.Phase;

class ArgoCdEventParserFuzzTest {
  private final EventParsers parsers = EventParsers.standard();

  /**
   * Any body gives one event per revision it names (one, or one per source of a multi-source
   * Application, bounded), all with the same phase and never UNKNOWN, or the parser's own error.
   */
  @FuzzTest(maxDuration = "30s")
  void onlyEverRefusesWithItsOwnError(byte[] body) {
    ParseResult result;
    try {
      result = parsers.parse(ArgoCdEventParser.SOURCE, body);
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(result.events()).hasSizeBetween(1, ArgoCdEventParser.MAX_SOURCES + 1);
    Phase phase = result.events().get(0).phase();
    assertThat(phase).isNotEqualTo(Phase.UNKNOWN);
    assertThat(result.events()).allMatch(event -> event.phase() == phase);
  }
}
