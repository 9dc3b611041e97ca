package io.gitopspipeline.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.repo.HttpGitServer;
import io.gitopspipeline.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forty {@code gitops promote} processes (the shaded jar, as pipelines run it) started together
 * against one repository, each promoting a different app straight to {@code main}: every one must
 * land with its own commit and trailers, over {@code file://} and over smart HTTP; and when they
 * share a cache directory (one agent), they take turns instead of racing.
 */
class PromoteRaceIT {
  private static final int PROCESSES = 40;
  private static final long BOUND_MINUTES = 12;
  private static final Pattern ATTEMPT = Pattern.compile("\\(attempt (\\d+)\\)");

  @TempDir Path tmp;

  private Process start(Path log, List<String> args) throws Exception {
    Path jar = Path.of(System.getProperty("gitops.jar", "target/gitops.jar"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // 40 JVMs on a small machine: start fast and stay small
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-Xss512k"));
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private Path rendered(String app) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("rendered/" + app));
    Files.writeString(dir.resolve("deployment.yaml"), "kind: Deployment\nname: " + app + "\n");
    return dir;
  }

  private List<String> promote(String repo, String app, List<String> more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "promote",
                "--repo",
                repo,
                "--branch",
                "main",
                "--mode",
                "direct",
                "--app",
                app,
                "--env",
                "prod",
                "--from",
                rendered(app).toString(),
                "--image",
                "registry.example.com/" + app + ":1.0.0",
                "--timeout",
                "8m"));
    args.addAll(more);
    return args;
  }

  /** Starts every process, waits for all within the bound, and returns the highest attempt. */
  private int race(String repo, List<String> more) throws Exception {
    List<Process> processes = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      Path log = tmp.resolve("promote-" + i + ".log");
      logs.add(log);
      processes.add(start(log, promote(repo, "app" + i, more)));
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(BOUND_MINUTES);
    int highest = 1;
    try {
      for (int i = 0; i < PROCESSES; i++) {
        long left = Math.max(1, deadline - System.nanoTime());
        boolean ended = processes.get(i).waitFor(left, TimeUnit.NANOSECONDS);
        String output = Files.readString(logs.get(i), StandardCharsets.UTF_8);
        assertThat(ended).as("promotion %d ended within the bound: %s", i, output).isTrue();
        assertThat(processes.get(i).exitValue()).as("promotion %d: %s", i, output).isZero();
        Matcher attempts = ATTEMPT.matcher(output);
        while (attempts.find()) {
          highest = Math.max(highest, Integer.parseInt(attempts.group(1)));
        }
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
    return highest;
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestTools.require("git").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  /** Creates the embedded repository with a first promotion, as a first pipeline would. */
  private Path embeddedRepository() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    Process first = start(tmp.resolve("seed.log"), promote(repo.toString(), "seed", List.of()));
    assertThat(first.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(tmp.resolve("seed.log"))).isZero();
    return repo;
  }

  private void assertEveryAppLandedWithItsTrailers(Path repo) throws Exception {
    assertThat(git(repo, "rev-list", "--count", "main").strip())
        .isEqualTo(Integer.toString(PROCESSES + 2));
    assertThat(git(repo, "rev-list", "--merges", "main")).isBlank();
    String trailers =
        git(
            repo,
            "log",
            "-" + PROCESSES,
            "--format=%(trailers:key=GitOps-App,valueonly,separator=)|"
                + "%(trailers:key=GitOps-Environment,valueonly,separator=)|"
                + "%(trailers:key=GitOps-Image,valueonly,separator=)",
            "main");
    List<String> lines = List.of(trailers.strip().split("\n"));
    assertThat(lines).hasSize(PROCESSES);
    String tree = git(repo, "ls-tree", "-r", "--name-only", "main", "apps");
    for (int i = 0; i < PROCESSES; i++) {
      assertThat(lines)
          .containsOnlyOnce("app" + i + "|prod|registry.example.com/app" + i + ":1.0.0");
      assertThat(tree).contains("apps/app" + i + "/prod/deployment.yaml");
    }
    git(repo, "fsck", "--strict");
  }

  @Test
  void fortyProcessesPromotingOverFileUrlsAllLand() throws Exception {
    Path repo = embeddedRepository();

    int highest = race(repo.toUri().toString(), List.of());

    assertEveryAppLandedWithItsTrailers(repo);
    System.out.println("file://: 40 processes landed; the most attempts one needed: " + highest);
  }

  @Test
  void fortyProcessesSharingACacheDirectoryTakeTurnsAndNoneRetries() throws Exception {
    Path repo = embeddedRepository();
    Path cache = tmp.resolve("shared-cache");

    int highest = race(repo.toUri().toString(), List.of("--cache-dir", cache.toString()));

    assertEveryAppLandedWithItsTrailers(repo);
    // Each holds the branch's push turn from fetch to push, and the fetch sees the previous
    // holder's commits in the shared cache: no push is ever refused, so no attempt is repeated.
    assertThat(highest).isEqualTo(1);
  }

  @Test
  void fortyProcessesPromotingOverSmartHttpAllLand() throws Exception {
    Path repo = embeddedRepository();
    Path password = tmp.resolve("password");
    Files.writeString(password, "race-token\n");
    try (HttpGitServer server = new HttpGitServer(tmp, "deployer", "race-token")) {
      int highest =
          race(
              server.url("gitops.git"),
              List.of("--username", "deployer", "--password-file", password.toString()));

      assertEveryAppLandedWithItsTrailers(repo);
      System.out.println(
          "smart HTTP: 40 processes landed; the most attempts one needed: " + highest);
    }
  }
}
