package io.gitopspipeline.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.repo.signing.SigningKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops promote --sign-*}: signed commits, their JSON report, and keys refused early. */
class PromoteSigningTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  private SigningKeys keys;
  private Path repo;

  private record Run(int exitCode, String stdout, String stderr) {}

  @BeforeEach
  void setUp() throws Exception {
    keys = new SigningKeys(Files.createDirectories(tmp.resolve("keys")));
    repo = tmp.resolve("gitops.git");
  }

  @AfterEach
  void tearDown() {
    keys.close();
  }

  private Run promote(String... signing) throws Exception {
    Path from = tmp.resolve("rendered");
    Files.createDirectories(from);
    Files.writeString(from.resolve("deployment.yaml"), "kind: Deployment\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--output",
                "json",
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
                from.toString(),
                "--author-name",
                SigningKeys.NAME,
                "--author-email",
                SigningKeys.EMAIL));
    args.addAll(List.of(signing));
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sshSignedPromotionReportsFormatAndFingerprintAndVerifies() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "");

    Run run = promote("--sign-key-file", key.privateKeyFile().toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.at("/signature/format").asText()).isEqualTo("ssh");
    assertThat(result.at("/signature/fingerprint").asText()).isEqualTo(keys.sshFingerprint(key));
    SigningKeys.Verification verification = keys.verifyCommit(repo, result.get("commit").asText());
    assertThat(verification.good()).as(verification.output()).isTrue();
  }

  @Test
  void openPgpSignedPromotionWithPassphraseAndKeyIdVerifies() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "s3cret", null);
    Path passphrase = tmp.resolve("passphrase");
    Files.writeString(passphrase, "s3cret\n");

    Run run =
        promote(
            "--sign-key-file", key.secretKeyFile().toString(),
            "--sign-format", "openpgp",
            "--sign-passphrase-file", passphrase.toString(),
            "--sign-key-id", key.primaryFingerprint());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.at("/signature/format").asText()).isEqualTo("openpgp");
    assertThat(result.at("/signature/fingerprint").asText()).isEqualTo(key.primaryFingerprint());
    assertThat(keys.verifyCommit(repo, result.get("commit").asText()).good()).isTrue();
  }

  @Test
  void everyCommitOfABatchIsSignedAndReported() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "");
    StringBuilder yaml = new StringBuilder("promotions:\n");
    for (int i = 0; i < 3; i++) {
      Path dir = Files.createDirectories(tmp.resolve("train/app" + i));
      Files.writeString(dir.resolve("deployment.yaml"), "name: app" + i + "\n");
      yaml.append("  - app: app").append(i).append("\n    env: prod\n    from: app").append(i);
      yaml.append('\n');
    }
    Path file = tmp.resolve("train/release.yaml");
    Files.writeString(file, yaml);
    assertThat(promote().exitCode()).isZero(); // creates the repository (unsigned)

    Run run =
        run(
            "--output",
            "json",
            "promote",
            "--repo",
            repo.toString(),
            "--branch",
            "main",
            "--author-name",
            SigningKeys.NAME,
            "--author-email",
            SigningKeys.EMAIL,
            "--batch",
            file.toString(),
            "--sign-key-file",
            key.privateKeyFile().toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode promotions = json.readTree(run.stdout()).get("promotions");
    assertThat(promotions).hasSize(3);
    for (JsonNode promotion : promotions) {
      assertThat(promotion.at("/signature/fingerprint").asText())
          .isEqualTo(keys.sshFingerprint(key));
      SigningKeys.Verification verification =
          keys.verifyCommit(repo, promotion.get("commit").asText());
      assertThat(verification.good()).as(verification.output()).isTrue();
    }
  }

  @Test
  void unsignedPromotionReportsNoSignature() throws Exception {
    Run run = promote();

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(json.readTree(run.stdout()).has("signature")).isFalse();
  }

  @Test
  void wrongPassphraseExitsWithTwoBeforeTheRepositoryIsTouched() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "right");
    Path passphrase = tmp.resolve("passphrase");
    Files.writeString(passphrase, "wrong\n");

    Run run =
        promote(
            "--sign-key-file", key.privateKeyFile().toString(),
            "--sign-passphrase-file", passphrase.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("passphrase does not unlock").doesNotContain("wrong");
    assertThat(repo).doesNotExist();
  }

  @Test
  void expiredKeyExitsWithTwoAndNamesTheReason() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "1d", "", "20200101T000000!");

    Run run = promote("--sign-key-file", key.secretKeyFile().toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("expired on 2020-01-02");
    assertThat(repo).doesNotExist();
  }

  @Test
  void signingOptionsWithoutAKeyFileAreRefused() throws Exception {
    Run run = promote("--sign-format", "ssh");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("need --sign-key-file");
  }
}
