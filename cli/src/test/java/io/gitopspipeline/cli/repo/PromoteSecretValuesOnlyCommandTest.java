package io.gitopspipeline.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops promote} calls a render that only changed Secret values up to date, and commits it
 * with {@code --promote-secret-only-changes}.
 */
class PromoteSecretValuesOnlyCommandTest {
  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run gitops(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path rendered(String name, String password) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name + "/shop"));
    Files.writeString(dir.resolve("configmap-app.yaml"), "kind: ConfigMap\ndata:\n  a: \"1\"\n");
    Files.writeString(
        dir.resolve("secret-db.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
            + "stringData:\n  password: "
            + password
            + "\n");
    return tmp.resolve(name);
  }

  private Run promote(Path from, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--output",
                "json",
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
                from.toString(),
                "--allow-secret",
                "shop/db"));
    args.addAll(List.of(more));
    return gitops(args);
  }

  private int commits() throws Exception {
    try (Git git = Git.open(tmp.resolve("gitops.git").toFile())) {
      int n = 0;
      for (var ignored : git.log().add(git.getRepository().resolve("main")).call()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void onlyASecretValueChangedExitsZeroWithoutACommit() throws Exception {
    assertThat(promote(rendered("first", "r4nd0m1")).exitCode()).isZero();
    int before = commits();

    Run run = promote(rendered("second", "r4nd0m2"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("changed").asBoolean()).isFalse();
    assertThat(result.get("secretValuesOnly").asBoolean()).isTrue();
    assertThat(run.stderr()).contains("only Secret values changed; nothing to promote");
    assertThat(run.stdout() + run.stderr()).doesNotContain("r4nd0m");
    assertThat(commits()).isEqualTo(before);
  }

  @Test
  void promoteSecretOnlyChangesCommits() throws Exception {
    assertThat(promote(rendered("first", "r4nd0m1")).exitCode()).isZero();
    int before = commits();

    Run run = promote(rendered("second", "r4nd0m2"), "--promote-secret-only-changes");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(json.readTree(run.stdout()).get("changed").asBoolean()).isTrue();
    assertThat(commits()).isEqualTo(before + 1);
  }

  @Test
  void aBatchSkipsAnAppWhoseSecretValuesAloneChanged() throws Exception {
    assertThat(promote(rendered("first", "r4nd0m1")).exitCode()).isZero();
    int before = commits();
    rendered("train/web", "r4nd0m2");
    Path file = tmp.resolve("train/release.yaml");
    Files.writeString(file, "promotions:\n  - app: web\n    env: dev\n    from: web\n");

    Run run =
        gitops(
            List.of(
                "--output",
                "json",
                "promote",
                "--repo",
                tmp.resolve("gitops.git").toString(),
                "--branch",
                "main",
                "--allow-secret",
                "shop/db",
                "--batch",
                file.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode entry = json.readTree(run.stdout()).get("promotions").get(0);
    assertThat(entry.get("changed").asBoolean()).isFalse();
    assertThat(entry.get("secretValuesOnly").asBoolean()).isTrue();
    assertThat(commits()).isEqualTo(before);
  }
}
