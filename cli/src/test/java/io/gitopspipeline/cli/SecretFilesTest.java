package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path tmp;
  private final List<String> warnings = new CopyOnWriteArrayList<>();

  @BeforeEach
  void collectWarnings() {
    SecretFiles.warningsTo(warnings::add);
  }

  @AfterEach
  void restoreWarnings() {
    SecretFiles.warningsTo(null);
  }

  private Path secret(String name, String content, String permissions) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void aFileOthersCanReadIsReadButWarnedAboutWithoutItsContent() throws Exception {
    Path token = secret("token", "tok-perm-555\n", "rw-r--r--");

    assertThat(SecretFiles.readToken(token, "--token-file").reveal()).isEqualTo("tok-perm-555");

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0))
        .contains("--token-file " + token)
        .contains("rw-r--r--")
        .contains("chmod 600")
        .doesNotContain("tok-perm-555");
  }

  @Test
  void aFileOnlyItsOwnerCanAccessGivesNoWarning() throws Exception {
    Path token = secret("token", "tok\n", "rw-------");

    SecretFiles.readToken(token, "--token-file");

    assertThat(warnings).isEmpty();
  }

  @Test
  void aGroupWritableFileIsWarnedAboutToo() throws Exception {
    Path token = secret("token", "tok\n", "rw--w----");

    SecretFiles.readToken(token, "--token-file");

    assertThat(warnings).singleElement().asString().contains("rw--w----");
  }

  @Test
  void anEndlessDeviceIsCutAtTheSizeBound() {
    assertThatThrownBy(() -> SecretFiles.read(Path.of("/dev/zero"), "--token-file"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--token-file /dev/zero is larger than a credential can be");
  }

  @Test
  void aPipeNobodyWritesToFailsAtTheDeadlineInsteadOfHanging() throws Exception {
    Path fifo = tmp.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    assertThatThrownBy(() -> SecretFiles.read(fifo, "--token-file", Duration.ofMillis(300)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--token-file " + fifo)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aDirectoryIsRefusedByName() {
    assertThatThrownBy(() -> SecretFiles.read(tmp, "--password-file"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--password-file " + tmp + " is a directory");
  }

  @Test
  void theCliPrintsTheWarningOnStandardError() throws Exception {
    Path token = secret("token", "tok-cli-777\n", "rw-r--r--");
    Path repo = tmp.resolve("gitops.git");
    Path rendered = Files.createDirectories(tmp.resolve("rendered"));
    Files.writeString(rendered.resolve("a.yaml"), "a: 1\n");
    TestTools.require("git");

    CliRun run =
        CliRun.of(
            "promote",
            "--repo",
            repo.toString(),
            "--branch",
            "main",
            "--app",
            "web",
            "--env",
            "dev",
            "--from",
            rendered.toString(),
            "--token-file",
            token.toString());

    assertThat(run.stderr()).contains("warning: --token-file " + token + " is accessible");
    assertThat(run.stdout() + run.stderr()).doesNotContain("tok-cli-777");
  }
}
