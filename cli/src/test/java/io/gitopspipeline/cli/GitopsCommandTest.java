package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class GitopsCommandTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void versionPrintsTheProjectVersion() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).matches("gitops \\d+\\.\\d+\\.\\d+.*\\n");
  }

  @Test
  void versionAsJsonIsOneObjectOnStdout() throws Exception {
    CliRun run = CliRun.of("--output", "json", "--version");

    assertThat(run.exitCode()).isZero();
    JsonNode node = json.readTree(run.stdout());
    assertThat(node.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(run.stdout().strip()).doesNotContain("\n");
  }

  @Test
  void outputOptionMayFollowVersionAndIgnoresCase() throws Exception {
    CliRun run = CliRun.of("--version", "--output", "JSON");

    assertThat(run.exitCode()).isZero();
    assertThat(json.readTree(run.stdout()).has("version")).isTrue();
  }

  @Test
  void unknownCommandExitsTwoAndPointsToHelp() {
    CliRun run = CliRun.of("frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("frobnicate").contains("gitops help");
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  void unknownCommandWithJsonOutputPrintsAnErrorObject() throws Exception {
    CliRun run = CliRun.of("--output", "json", "frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode error = json.readTree(run.stdout()).get("error");
    assertThat(error.get("kind").asText()).isEqualTo("invalid_input");
    assertThat(error.get("exitCode").asInt()).isEqualTo(2);
    assertThat(error.get("message").asText()).contains("frobnicate");
  }

  @Test
  void unknownOutputFormatIsAUsageError() {
    CliRun run = CliRun.of("--output", "yaml", "--version");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--output").contains("yaml");
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("Usage: gitops").contains("a command is required");
  }

  @Test
  void helpCommandDescribesExitCodes() {
    CliRun run = CliRun.of("help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).contains("Exit codes: 0 success, 1 operation failed");
  }
}
