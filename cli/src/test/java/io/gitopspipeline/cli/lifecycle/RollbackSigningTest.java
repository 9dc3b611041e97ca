package io.gitopspipeline.cli.lifecycle;

import static io.gitopspipeline.cli.lifecycle.LifecycleCli.gitops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.repo.signing.SigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops rollback --sign-*}: the rollback commit is signed like a promotion's. */
class RollbackSigningTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  private Path repo;
  private SigningKeys keys;

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("gitops.git");
    keys = new SigningKeys(Files.createDirectories(tmp.resolve("keys")));
    LifecycleCli cli = new LifecycleCli(tmp);
    cli.promote(repo, "web", "dev", "web:1", "https://ci/1");
    cli.promote(repo, "web", "dev", "web:2", "https://ci/2");
  }

  @AfterEach
  void tearDown() {
    keys.close();
  }

  private LifecycleCli.Run rollback(String... signing) {
    String[] base = {
      "--output",
      "json",
      "rollback",
      "--repo",
      repo.toString(),
      "--branch",
      "main",
      "--app",
      "web",
      "--env",
      "dev",
      "--steps",
      "1"
    };
    String[] args = new String[base.length + signing.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(signing, 0, args, base.length, signing.length);
    return gitops(args);
  }

  @Test
  void rollbackCommitIsSignedAndVerifiedByGit() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "");

    LifecycleCli.Run run = rollback("--sign-key-file", key.privateKeyFile().toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.at("/signature/format").asText()).isEqualTo("ssh");
    assertThat(result.at("/signature/fingerprint").asText()).isEqualTo(keys.sshFingerprint(key));
    SigningKeys.Verification verification = keys.verifyCommit(repo, result.get("commit").asText());
    assertThat(verification.good()).as(verification.output()).isTrue();
  }

  @Test
  void unusableKeyExitsWithTwoAndRollsNothingBack() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "cert", "never", "", null);
    String before = gitops("history", "--repo", repo.toString(), "--branch", "main").stdout();

    LifecycleCli.Run run = rollback("--sign-key-file", key.secretKeyFile().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("may not sign");
    assertThat(gitops("history", "--repo", repo.toString(), "--branch", "main").stdout())
        .isEqualTo(before);
  }
}
