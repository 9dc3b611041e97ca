package io.gitopspipeline.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops promote} as users run it: the shaded jar in its own process. */
class PromoteCommandIT {
  @TempDir Path tmp;

  private record Run(int exitCode, String stdout, String stderr) {}

  private Run gitops(String... args) throws Exception {
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    Process process = start(err, ProcessBuilder.Redirect.PIPE, args);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, Files.readString(err));
  }

  private static Process start(Path stderr, ProcessBuilder.Redirect stdout, String... args)
      throws Exception {
    Path jar = Path.of(System.getProperty("gitops.jar", "target/gitops.jar"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(stderr.toFile())
        .redirectOutput(stdout)
        .start();
  }

  @Test
  void theEmbeddedDefaultIsCreatedThenASecondRunIsAlreadyUpToDate() throws Exception {
    Path rendered = Files.createDirectories(tmp.resolve("rendered"));
    Files.writeString(rendered.resolve("deployment.yaml"), "kind: Deployment\n");
    String[] args = {
      "--output",
      "json",
      "promote",
      "--repo",
      tmp.resolve("gitops.git").toString(),
      "--branch",
      "main",
      "--app",
      "example",
      "--env",
      "dev",
      "--from",
      rendered.toString()
    };

    Run first = gitops(args);
    Run second = gitops(args);

    ObjectMapper json = new ObjectMapper();
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    JsonNode created = json.readTree(first.stdout());
    assertThat(created.get("changed").asBoolean()).isTrue();
    assertThat(first.stderr()).contains("created the GitOps repository");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    JsonNode again = json.readTree(second.stdout());
    assertThat(again.get("changed").asBoolean()).isFalse();
    assertThat(again.get("commit").asText()).isEqualTo(created.get("commit").asText());
    assertThat(second.stderr()).contains("already up to date");
  }

  @Test
  void promotionsInSeveralProcessesShareOneCacheSafely() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    Path cache = tmp.resolve("cache");
    // the first creates the repository (and the cache); then three processes start at once
    assertThat(gitops(promoteArgs(repo, cache, "app0", rendered(0))).exitCode()).isZero();
    List<Process> processes = new ArrayList<>();
    List<Path> errors = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Path err = tmp.resolve("stderr-" + i + ".txt");
      errors.add(err);
      processes.add(
          start(
              err,
              ProcessBuilder.Redirect.DISCARD,
              promoteArgs(repo, cache, "app" + i, rendered(i))));
    }

    for (int i = 0; i < processes.size(); i++) {
      assertThat(processes.get(i).waitFor()).as(Files.readString(errors.get(i))).isZero();
    }
    for (int i = 0; i <= 3; i++) {
      Run again = gitops(promoteArgs(repo, cache, "app" + i, rendered(i)));
      assertThat(again.stderr()).as("app%d landed", i).contains("already up to date");
    }
  }

  private Path rendered(int i) throws Exception {
    Path rendered = Files.createDirectories(tmp.resolve("rendered-" + i));
    Files.writeString(rendered.resolve("deployment.yaml"), "app: " + i + "\n");
    return rendered;
  }

  private static String[] promoteArgs(Path repo, Path cache, String app, Path rendered) {
    return new String[] {
      "promote",
      "--repo",
      repo.toString(),
      "--branch",
      "main",
      "--app",
      app,
      "--env",
      "dev",
      "--from",
      rendered.toString(),
      "--cache-dir",
      cache.toString()
    };
  }
}
