package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.util.List;
import java.util.Optional;

/** Docker configs and credential helpers' answers are untrusted input. */
class DockerConfigFuzzTest {
  /**
   * Any bytes either load into credentials that answer every lookup (through a helper that knows
   * nothing) or are refused with an InvalidInputException and a message; nothing else escapes.
   */
  @FuzzTest(maxDuration = "30s")
  void configParserOnlyEverThrowsItsOwnError(FuzzedDataProvider data) throws GitOpsException {
    String registry = data.consumeString(40);
    byte[] json = data.consumeRemainingAsBytes();
    DockerConfigCredentials credentials;
    try {
      credentials =
          DockerConfigCredentials.parse(json, "config.json", (h, url) -> Optional.empty());
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    for (String name : List.of(registry, "docker.io", "ghcr.io", "127.0.0.1:5000")) {
      try {
        assertThat(credentials.credentialsFor(name)).isNotNull();
      } catch (InvalidInputException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  /** Whatever a helper prints on success is credentials, nothing, or the helper's own error. */
  @FuzzTest(maxDuration = "30s")
  void helperAnswerIsCredentialsNothingOrItsOwnError(FuzzedDataProvider data) {
    String output = data.consumeRemainingAsString();
    try {
      Optional<RegistryCredentials> credentials =
          ProcessCredentialHelpers.parse(output, "credential helper docker-credential-fuzz");
      credentials.ifPresent(
          c -> assertThat(c.isIdentityToken() || !c.username().isEmpty()).isTrue());
    } catch (GitOpsException expected) {
      assertThat(expected.getMessage()).startsWith("credential helper docker-credential-fuzz");
    }
  }
}
