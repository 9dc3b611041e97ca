package io.gitopspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs bin/gitops as users do: a separate process over the shaded cli/target/gitops.jar. */
class LauncherIT {
  private static final Path PROJECT = Path.of(System.getProperty("user.dir")).getParent();

  record Result(int exitCode, String stdout, String stderr) {}

  static Result gitops(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(PROJECT.resolve("bin/gitops").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/gitops " + String.join(" ", args) + " did not finish");
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void printsTheVersion() throws Exception {
    Result result = gitops("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("gitops ");
  }

  @Test
  void printsTheVersionAsJson() throws Exception {
    Result result = gitops("--output", "json", "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).startsWith("{\"version\":");
  }

  @Test
  void exitsTwoOnAnUnknownCommandWithoutAStackTrace() throws Exception {
    Result result = gitops("no-such-command");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("no-such-command")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }
}
