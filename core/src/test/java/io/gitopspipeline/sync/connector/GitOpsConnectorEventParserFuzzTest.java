package io.gitopspipeline.sync.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParsers;
import io.gitopspipeline.sync.ParseResult;

class GitOpsConnectorEventParserFuzzTest {
  private final EventParsers parsers = EventParsers.standard();

  /** Any body gives events or an ignore reason, or the parser's own error. */
  @FuzzTest(maxDuration = "30s")
  void onlyEverRefusesWithItsOwnError(byte[] body) {
    ParseResult result;
    try {
      result = parsers.parse(GitOpsConnectorEventParser.SOURCE, body);
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(result.isIgnored()).isEqualTo(result.events().isEmpty());
  }
}
