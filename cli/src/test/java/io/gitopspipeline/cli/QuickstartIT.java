package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: examples/quickstart.sh tags, renders and promotes the example app. */
class QuickstartIT {
  private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path work;

  private String quickstart(String environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(PROJECT.resolve("examples/quickstart.sh").toString(), environment)
            .redirectErrorStream(true);
    builder.environment().put("GITOPS_QUICKSTART_DIR", work.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void promotesTheExampleIntoAnEmbeddedRepositoryAndIsThenUpToDate() throws Exception {
    String first = quickstart("dev");

    assertThat(first)
        .contains("registry.example.com/hello:1.0.0-")
        .contains("rendered 2 resources for dev")
        .contains("promoted hello to dev");
    assertThat(Files.isDirectory(work.resolve("gitops.git"))).isTrue();
    assertThat(work.resolve("rendered/dev/hello-dev/deployment-hello.yaml"))
        .content()
        .contains("image: registry.example.com/hello:1.0.0-")
        .contains("namespace: hello-dev");

    String second = quickstart("dev");

    assertThat(second).contains("already up to date");
  }

  @Test
  void promotesEachEnvironmentIntoItsOwnDirectory() throws Exception {
    quickstart("dev");
    String prod = quickstart("prod");

    assertThat(prod).contains("promoted hello to prod").contains("apps/hello/prod");
  }
}
