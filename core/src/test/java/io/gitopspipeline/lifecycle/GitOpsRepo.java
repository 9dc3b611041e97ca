package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.SourceInfo;
import io.gitopspipeline.testing.TestTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GitOps repository for lifecycle tests: a bare repository served from disk, promotions written
 * by the real {@link Promoter}, and merges and hand edits made with the real git CLI in a clone.
 */
final class GitOpsRepo {
  private final Path root;
  private final Path git;
  final Path bare;
  private final Path clone;
  private int renders;

  GitOpsRepo(Path root) {
    this.root = root;
    this.git = TestTools.require("git");
    this.bare = root.resolve("remote.git");
    this.clone = root.resolve("clone");
    run(root, "init", "-q", "--bare", "-b", "main", bare.toString());
    run(root, "clone", "-q", bare.toString(), clone.toString());
    write(clone.resolve("README.md"), "# GitOps\n");
    run(clone, "add", "-A");
    run(clone, "commit", "-q", "-m", "Initial commit");
    run(clone, "push", "-q", "origin", "HEAD:main");
  }

  String url() {
    return bare.toUri().toString();
  }

  static Promoter promoter() {
    return new Promoter(
        new PromoterSettings(
            null, null, 5, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(20)));
  }

  /** Renders {@code files} (name to content) into a fresh directory. */
  Path rendered(Map<String, String> files) {
    Path dir = root.resolve("rendered-" + renders++);
    files.forEach((name, content) -> write(dir.resolve(name), content));
    return dir;
  }

  /** Promotes {@code app}/{@code env} with image {@code image} built by {@code build}. */
  PromotionResult promote(String app, String env, String image, String build, PushMode mode)
      throws Exception {
    return promote(
        app,
        env,
        image,
        build,
        mode,
        Map.of(
            "deployment.yaml",
            "kind: Deployment\nimage: " + image + "\n",
            "build.txt",
            build + "\n"));
  }

  /** Promotes exactly {@code files} (name to content) as the app's directory. */
  PromotionResult promote(
      String app, String env, String image, String build, PushMode mode, Map<String, String> files)
      throws Exception {
    Path from = rendered(files);
    return promoter()
        .promote(
            Promotion.of(url(), "main", app, env, from)
                .withMode(mode)
                .withSource(
                    new SourceInfo(image, "https://git.example.com/" + app, sha(build), build)),
            ProgressListener.NONE);
  }

  static String sha(String build) {
    return String.format("%040x", Math.abs((long) build.hashCode()));
  }

  /** Merges the promotion branch into main with the git CLI ({@code --no-ff}) and pushes. */
  String mergePullRequest(String promotionBranch) {
    run(clone, "fetch", "-q", "origin");
    run(clone, "checkout", "-q", "-B", "main", "origin/main");
    run(
        clone,
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge pull request #1",
        "origin/" + promotionBranch);
    run(clone, "push", "-q", "origin", "main");
    return head();
  }

  /** Changes a file under {@code path} by hand (no trailers) and pushes. */
  String editByHand(String path, String content) {
    run(clone, "fetch", "-q", "origin");
    run(clone, "checkout", "-q", "-B", "main", "origin/main");
    write(clone.resolve(path), content);
    run(clone, "add", "-A");
    run(clone, "commit", "-q", "-m", "Hotfix by hand");
    run(clone, "push", "-q", "origin", "main");
    return head();
  }

  String head() {
    return run(clone, "rev-parse", "HEAD").strip();
  }

  String main() {
    return run(bare, "rev-parse", "main").strip();
  }

  String run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(git.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("HOME", root.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", root.resolve("gitconfig").toString());
    env.put("GIT_AUTHOR_NAME", "Test Author");
    env.put("GIT_AUTHOR_EMAIL", "author@example.com");
    env.put("GIT_COMMITTER_NAME", "Test Committer");
    env.put("GIT_COMMITTER_EMAIL", "committer@example.com");
    env.put("GIT_TERMINAL_PROMPT", "0");
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError("cannot run git: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
