package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code gitops} in-process and writes rendered directories, for the lifecycle tests. */
final class LifecycleCli {
  record Run(int exitCode, String stdout, String stderr) {}

  private final Path root;
  private int renders;

  LifecycleCli(Path root) {
    this.root = root;
  }

  static Run gitops(String... args) {
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

  /** Promotes {@code app} to {@code env} of {@code repo} (main) with one file per entry. */
  Run promote(Path repo, String app, String env, String image, String build, String... more)
      throws IOException {
    Path dir = root.resolve("rendered-" + renders++);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("deployment.yaml"), "kind: Deployment\nimage: " + image + "\n");
    Files.writeString(dir.resolve("only-" + image.replace(':', '-') + ".yaml"), "x: 1\n");
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
                app,
                "--env",
                env,
                "--from",
                dir.toString(),
                "--image",
                image,
                "--build-url",
                build,
                "--source-commit",
                "abcdef0123456789abcdef0123456789abcdef01"));
    args.addAll(List.of(more));
    return gitops(args.toArray(String[]::new));
  }
}
