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
    Path jar = Path.of(System.getProperty("gitops.jar", "target/gitops.jar"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path err = tmp.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), out, Files.readString(err));
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
}
