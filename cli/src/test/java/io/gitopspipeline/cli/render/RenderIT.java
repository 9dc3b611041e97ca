package io.gitopspipeline.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops render} as users run it: the shaded jar as a process, on examples/hello. */
class RenderIT {
  @TempDir Path dir;

  private static final Path EXAMPLE = Path.of("..", "examples", "hello", "deploy");

  record Run(int exitCode, String stdout, String stderr) {}

  private Run gitops(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("gitops.jar", "target/gitops.jar")));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void rendersTheHelloExampleForEachEnvironment() throws Exception {
    Path out = dir.resolve("gitops/hello");

    Run dev =
        gitops(
            "--output",
            "json",
            "render",
            "--source",
            EXAMPLE.toString(),
            "--env",
            "dev",
            "--image",
            "registry.example.com/hello:1.0.0",
            "--out",
            out.toString());

    assertThat(dev.exitCode()).as(dev.stderr()).isZero();
    JsonNode summary = new ObjectMapper().readTree(dev.stdout());
    assertThat(summary.get("resources").asInt()).isEqualTo(2);
    assertThat(Files.readString(out.resolve("hello-dev/deployment-hello.yaml")))
        .contains("image: registry.example.com/hello:1.0.0")
        .contains("value: Hello from dev");

    Run prod =
        gitops(
            "render",
            "--source",
            EXAMPLE.toString(),
            "--env",
            "prod",
            "--image",
            "registry.example.com/hello:1.0.0",
            "--stdout");

    assertThat(prod.exitCode()).as(prod.stderr()).isZero();
    assertThat(prod.stdout()).contains("namespace: hello-prod").contains("replicas: 3");
  }

  @Test
  void withoutTheImageTheExampleFailsNamingTheMissingVariable() throws Exception {
    Run run = gitops("render", "--source", EXAMPLE.toString(), "--env", "dev", "--stdout");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("variable not set (strict mode): \"IMAGE\"");
  }
}
