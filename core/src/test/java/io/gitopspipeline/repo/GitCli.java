package io.gitopspipeline.repo;

import io.gitopspipeline.testing.TestTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real git CLI, isolated from the machine's configuration, as the other side in tests. */
final class GitCli {
  private final Path git;
  private final Path home;

  GitCli(Path home) {
    this.git = TestTools.require("git");
    this.home = home;
  }

  /** Runs git in {@code dir} and returns its standard output; fails the test on a non-zero exit. */
  String run(Path dir, String... args) {
    Result result = tryRun(dir, args);
    if (result.exit() != 0) {
      throw new AssertionError(
          "git " + String.join(" ", args) + " failed (" + result.exit() + "): " + result.output());
    }
    return result.output();
  }

  record Result(int exit, String output) {}

  Result tryRun(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(git.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("HOME", home.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", home.resolve("gitconfig").toString());
    env.put("GIT_AUTHOR_NAME", "Test Author");
    env.put("GIT_AUTHOR_EMAIL", "author@example.com");
    env.put("GIT_COMMITTER_NAME", "Test Committer");
    env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
    env.put("GIT_TERMINAL_PROMPT", "0");
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.waitFor(), output);
    } catch (IOException e) {
      throw new AssertionError("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A bare repository whose {@code main} has one commit with {@code README.md}. */
  Path bareRepositoryWithMain(Path root) {
    Path bare = root.resolve("remote.git");
    Path seed = root.resolve("seed");
    run(root, "init", "-q", "--bare", "-b", "main", bare.toString());
    run(root, "init", "-q", "-b", "main", seed.toString());
    write(seed.resolve("README.md"), "# GitOps\n");
    run(seed, "add", "-A");
    run(seed, "commit", "-q", "-m", "Initial commit");
    run(seed, "push", "-q", bare.toString(), "main");
    return bare;
  }

  static void write(Path file, String content) {
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      java.nio.file.Files.writeString(file, content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
