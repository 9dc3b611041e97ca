package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The docker-credential-helpers protocol against real helper processes. */
class ProcessCredentialHelpersTest {
  @TempDir Path dir;
  private ScriptedCredentialHelpers scripted;

  @BeforeEach
  void setUp() throws Exception {
    scripted = new ScriptedCredentialHelpers(dir).install("test");
  }

  @Test
  void getsWhatTheHelperStoredForTheServerUrl() throws Exception {
    scripted.store("test", "ghcr.io", "octocat", "ghp_s3cret");

    assertThat(scripted.helpers().get("test", "ghcr.io"))
        .contains(ScriptedCredentialHelpers.basic("octocat", "ghp_s3cret"));
    assertThat(scripted.requests("test")).containsExactly("ghcr.io");
  }

  @Test
  void theNotFoundAnswerIsAMissNotAnError() throws Exception {
    assertThat(scripted.helpers().get("test", "quay.io")).isEmpty();
  }

  @Test
  void theTokenUserNameMarksAnIdentityToken() throws Exception {
    scripted.store("test", "myregistry.azurecr.io", "<token>", "refresh-abc");

    RegistryCredentials credentials =
        scripted.helpers().get("test", "myregistry.azurecr.io").orElseThrow();

    assertThat(credentials.isIdentityToken()).isTrue();
    assertThat(credentials.password()).isEqualTo(Secret.of("refresh-abc"));
  }

  @Test
  void anAnswerWithEmptyUserAndSecretIsAMissAsOldPassHelpersGiveIt() throws Exception {
    scripted.script(
        "old",
        "#!/bin/sh\nread url\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"\",\"Secret\":\"\"}\\n'"
            + " \"$url\"\n");

    assertThat(scripted.helpers().get("old", "127.0.0.1:5000")).isEmpty();
  }

  @Test
  void fieldNamesMatchAsGoDecodesThemWithoutRegardToCaseAndTheLastWinning() throws Exception {
    scripted.script(
        "lower",
        "#!/bin/sh\ncat >/dev/null\n"
            + "echo '{\"serverurl\":\"x\",\"Username\":\"first\",\"USERNAME\":\"u\",\"secret\":\"p\"}'\n");

    assertThat(scripted.helpers().get("lower", "x"))
        .contains(ScriptedCredentialHelpers.basic("u", "p"));
  }

  @Test
  void aFailingHelperIsAnErrorNamingHelperAndServerButNotWhatItPrinted() throws Exception {
    scripted.script(
        "broken",
        "#!/bin/sh\ncat >/dev/null\necho 'token leaked-S3CRET expired' >&2\n"
            + "echo 'error getting credentials: leaked-S3CRET'\nexit 3\n");

    assertThatThrownBy(() -> scripted.helpers().get("broken", "registry.example.com"))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("docker-credential-broken")
        .hasMessageContaining("registry.example.com")
        .hasMessageContaining("exit code 3")
        .hasMessageNotContaining("S3CRET");
  }

  @Test
  void theProtocolsOwnErrorsAreNamed() throws Exception {
    assertThatThrownBy(() -> scripted.helpers().get("test", "   "))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("docker-credential-test")
        .hasMessageContaining("no credentials server URL");
  }

  @Test
  void aMissingHelperSaysItIsNotInstalled() {
    assertThatThrownBy(() -> scripted.helpers().get("desktop", "docker.io"))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("credential helper docker-credential-desktop is not installed");
  }

  @Test
  void aHelperNameThatIsAPathIsRefused() {
    assertThatThrownBy(() -> scripted.helpers().get("../../bin/sh", "docker.io"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a helper name");
  }

  @Test
  void aHelperThatHangsIsStoppedAfterTheTimeout() throws Exception {
    scripted.script("slow", "#!/bin/sh\nsleep 30\n");

    assertThatThrownBy(() -> scripted.helpers(Duration.ofMillis(300)).get("slow", "docker.io"))
        .isInstanceOf(OperationTimedOutException.class)
        .hasMessageContaining("docker-credential-slow")
        .hasMessageContaining("did not answer within 300 ms");
  }

  @Test
  void aHelperThatPrintsTooMuchIsRefused() throws Exception {
    scripted.script(
        "chatty", "#!/bin/sh\nwhile :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n");

    assertThatThrownBy(() -> scripted.helpers().get("chatty", "docker.io"))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("printed more than 1024 KiB");
  }

  @Test
  void anAnswerThatIsNotJsonIsAnErrorThatDoesNotQuoteIt() throws Exception {
    scripted.script("garbled", "#!/bin/sh\necho 'user=admin password=hunter2'\n");

    assertThatThrownBy(() -> scripted.helpers().get("garbled", "docker.io"))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("docker-credential-garbled")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void theHelperIsFoundInTheFirstFolderOfTheSearchPathThatHasIt() throws Exception {
    Path other = dir.resolve("other");
    new ScriptedCredentialHelpers(other)
        .script("test", "#!/bin/sh\necho '{\"Username\":\"first\",\"Secret\":\"one\"}'\n");
    scripted.store("test", "docker.io", "second", "two");

    ProcessCredentialHelpers helpers =
        new ProcessCredentialHelpers(
            List.of(other.resolve("bin"), dir.resolve("bin")),
            Map.of("TEST_CREDENTIAL_STORE", dir.resolve("store").toString()),
            Duration.ofSeconds(20));

    assertThat(helpers.get("test", "docker.io"))
        .contains(ScriptedCredentialHelpers.basic("first", "one"));
  }

  @Test
  void theSearchPathIsTheAbsoluteFoldersOfThePathAsGoLooksProgramsUp() {
    assertThat(ProcessCredentialHelpers.searchPath("/usr/local/bin::bin:.:/usr/bin"))
        .containsExactly(Path.of("/usr/local/bin"), Path.of("/usr/bin"));
    assertThat(ProcessCredentialHelpers.searchPath(null)).isEmpty();
  }
}
