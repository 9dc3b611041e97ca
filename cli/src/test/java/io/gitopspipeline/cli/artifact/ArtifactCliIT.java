package io.gitopspipeline.cli.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.image.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops artifact push/pull} against a real docker-registry. */
class ArtifactCliIT {
  @TempDir static Path registryDir;
  @TempDir Path dir;
  private static LocalRegistry registry;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    registry = LocalRegistry.start(registryDir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

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

  @Test
  void pushPrintsTheDigestAsJsonAndPullWritesTheSameFiles() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in/shop"));
    Files.writeString(input.resolve("configmap-app.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    String ref = "oci://" + registry.address() + "/acme/cli:1.0.0";

    Run push =
        gitops(
            "--output",
            "json",
            "artifact",
            "push",
            dir.resolve("in").toString(),
            "--ref",
            ref,
            "--tag",
            "prod",
            "--source",
            "https://git.example.com/acme/app.git",
            "--revision",
            "main@sha1:0123456789abcdef0123456789abcdef01234567",
            "--insecure-registry",
            registry.address());

    assertThat(push.exitCode()).as(push.stderr()).isZero();
    JsonNode pushed = json.readTree(push.stdout());
    assertThat(pushed.path("digest").asText()).startsWith("sha256:");
    assertThat(pushed.path("tags").toString()).isEqualTo("[\"1.0.0\",\"prod\"]");

    Run pull =
        gitops(
            "--output",
            "json",
            "artifact",
            "pull",
            "oci://" + registry.address() + "/acme/cli:prod",
            "--out",
            dir.resolve("out").toString(),
            "--insecure-registry",
            registry.address());

    assertThat(pull.exitCode()).as(pull.stderr()).isZero();
    assertThat(json.readTree(pull.stdout()).path("digest").asText())
        .isEqualTo(pushed.path("digest").asText());
    assertThat(Files.readString(dir.resolve("out/shop/configmap-app.yaml")))
        .isEqualTo("apiVersion: v1\nkind: ConfigMap\n");
  }

  @Test
  void aPlaintextSecretIsRefusedWithExitCode2AndNoValue() throws Exception {
    Path input = Files.createDirectories(dir.resolve("secret/shop"));
    Files.writeString(
        input.resolve("secret-db.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\n"
            + "stringData: {password: cli-hunter2}\n");

    Run push =
        gitops(
            "artifact",
            "push",
            dir.resolve("secret").toString(),
            "--ref",
            "oci://" + registry.address() + "/acme/secret:1",
            "--source",
            "https://git.example.com/a.git",
            "--revision",
            "main@sha1:abc",
            "--insecure-registry",
            registry.address());

    assertThat(push.exitCode()).isEqualTo(2);
    assertThat(push.stderr()).contains("shop/Secret/db").doesNotContain("cli-hunter2");
  }

  @Test
  void aReferenceWithoutRegistryIsRefusedWithExitCode2() {
    Run pull = gitops("artifact", "pull", "oci://acme/app:1", "--out", dir.resolve("x").toString());

    assertThat(pull.exitCode()).isEqualTo(2);
    assertThat(pull.stderr()).contains("names no registry");
  }
}
