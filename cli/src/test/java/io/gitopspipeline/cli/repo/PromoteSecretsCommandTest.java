package io.gitopspipeline.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops promote} refuses plaintext Secrets unless allowed, naming them without values. */
class PromoteSecretsCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run gitops(String... args) {
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

  private Path rendered() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("rendered/shop"));
    Files.writeString(
        dir.resolve("secret-db.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
            + "data:\n  password: cHJvbW90ZS1jbGktaHVudGVy\n");
    return tmp.resolve("rendered");
  }

  private Run promote(String... more) throws Exception {
    String[] base = {
      "promote",
      "--repo",
      tmp.resolve("gitops.git").toString(),
      "--branch",
      "main",
      "--app",
      "web",
      "--env",
      "dev",
      "--from",
      rendered().toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return gitops(args);
  }

  @Test
  void aPlaintextSecretExitsWith2AndNothingIsCreated() throws Exception {
    Run run = promote();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr())
        .contains("shop/Secret/db")
        .contains("--allow-secret shop/db")
        .doesNotContain("cHJvbW90ZS1jbGktaHVudGVy");
  }

  @Test
  void allowSecretLetsItThrough() throws Exception {
    Run run = promote("--allow-secret", "shop/db");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr() + run.stdout()).doesNotContain("cHJvbW90ZS1jbGktaHVudGVy");
  }

  @Test
  void allowPlainSecretsLetsEveryOneThrough() throws Exception {
    assertThat(promote("--allow-plain-secrets").exitCode()).isZero();
  }

  @Test
  void aBatchEntryHoldingAPlaintextSecretIsNotPromoted() throws Exception {
    Path from = rendered();
    Path file = tmp.resolve("train.yaml");
    Files.writeString(
        file, "promotions:\n  - app: web\n    env: dev\n    from: " + from.toAbsolutePath() + "\n");

    Run run =
        gitops(
            "--output",
            "json",
            "promote",
            "--repo",
            tmp.resolve("batch.git").toString(),
            "--branch",
            "main",
            "--batch",
            file.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stdout() + run.stderr())
        .contains("shop/Secret/db")
        .doesNotContain("cHJvbW90ZS1jbGktaHVudGVy");
  }
}
