package io.gitopspipeline.cli.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops yaml} through the shaded jar, as a user runs it. */
class YamlCliIT {
  @TempDir Path dir;

  @Test
  void editsAFileThroughTheJar() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "# app\r\nimage:\r\n  tag: v1 # pinned\r\n");
    Path jar = Path.of(System.getProperty("gitops.jar", "target/gitops.jar"));

    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "yaml",
                "set",
                file.toString(),
                "--path",
                "image.tag",
                "--value",
                "v2")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(Files.readString(file)).isEqualTo("# app\r\nimage:\r\n  tag: v2 # pinned\r\n");
  }
}
