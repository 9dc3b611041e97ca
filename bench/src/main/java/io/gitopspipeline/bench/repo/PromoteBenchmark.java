package io.gitopspipeline.bench.repo;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Side-by-side harness: a promotion with {@link Promoter} (cold: fresh depth-1 fetch; warm: through
 * the cache) against the equivalent git CLI script ({@code clone --depth 1}, replace the app's
 * directory, {@code add -A}, {@code commit}, {@code push}), all in one run on one generated GitOps
 * repository (default 20,000 files, 5,000 commits, built with {@code git fast-import}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.repo.PromoteBenchmark \
 *     [--files 20000] [--commits 5000] [--rounds 5] [--git /path/to/git] [--dir DIR]
 * </pre>
 */
public final class PromoteBenchmark {
  private static final int FILES_PER_APP_ENV = 25;
  private static final String[] ENVS = {"dev", "qa", "staging", "prod"};

  private final Path git;
  private final Path root;

  PromoteBenchmark(Path git, Path root) {
    this.git = git;
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int files = Integer.parseInt(options.getOrDefault("files", "20000"));
    int commits = Integer.parseInt(options.getOrDefault("commits", "5000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "5"));
    Path git = Path.of(options.getOrDefault("git", defaultGit()));
    Path root =
        options.containsKey("dir")
            ? Files.createDirectories(Path.of(options.get("dir")))
            : Files.createTempDirectory("gitops-promote-bench-");
    try {
      new PromoteBenchmark(git, root).run(files, commits, rounds);
    } finally {
      delete(root);
    }
  }

  private void run(int files, int commits, int rounds) throws Exception {
    System.out.println(git("--version").strip() + ", java " + System.getProperty("java.version"));
    long start = System.nanoTime();
    Path remote = generate(files, commits);
    System.out.printf(
        Locale.ROOT,
        "generated %s: %d files, %d commits in %.1f s%n",
        remote,
        files,
        commits,
        (System.nanoTime() - start) / 1e9);
    String url = remote.toUri().toString();
    Promoter cold =
        new Promoter(PromoterSettings.defaults().withWorkDirectory(root.resolve("work")));
    Promoter warm =
        new Promoter(PromoterSettings.defaults().withCacheDirectory(root.resolve("cache")));

    // Warm-up (untimed): loads classes, JIT-compiles, fills the cache.
    cold.promote(promotion(url, "warmup", 0), ProgressListener.NONE);
    warm.promote(promotion(url, "warmup", 1), ProgressListener.NONE);
    cliScript(url, "warmup", 2);
    delete(root.resolve("cli-work-warmup-2"));

    List<Double> cli = new ArrayList<>();
    List<Double> coldTimes = new ArrayList<>();
    List<Double> warmTimes = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      int version = 10 + round * 3;
      cli.add(time(() -> cliScript(url, "cli", version)));
      delete(root.resolve("cli-work-cli-" + version)); // cleanup is not part of the script
      coldTimes.add(
          time(() -> check(cold.promote(promotion(url, "cold", version), ProgressListener.NONE))));
      warmTimes.add(
          time(() -> check(warm.promote(promotion(url, "warm", version), ProgressListener.NONE))));
    }
    double cliMedian = median(cli);
    System.out.printf(
        Locale.ROOT, "%-34s %10s %10s %8s%n", "promotion (ms)", "median", "min", "vs CLI");
    report("git CLI script (clone --depth 1)", cli, cliMedian);
    report("gitops cold (fresh depth-1 fetch)", coldTimes, cliMedian);
    report("gitops warm (cache)", warmTimes, cliMedian);
    System.out.printf(
        Locale.ROOT,
        "targets: cold <= 1.5x CLI -> %s; warm <= 0.5x CLI -> %s%n",
        median(coldTimes) <= 1.5 * cliMedian ? "met" : "MISSED",
        median(warmTimes) <= 0.5 * cliMedian ? "met" : "MISSED");
  }

  private static void check(PromotionResult result) {
    if (!result.changed()) {
      throw new IllegalStateException("expected a change");
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e6;
  }

  private static void report(String name, List<Double> times, double cliMedian) {
    double median = median(times);
    double min = times.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    System.out.printf(
        Locale.ROOT, "%-34s %10.0f %10.0f %7.2fx%n", name, median, min, median / cliMedian);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The app "bench-<who>" in dev: 25 manifests whose replica count is {@code version}. */
  private Path rendered(String who, int version) throws IOException {
    Path dir = root.resolve("rendered-" + who + "-" + version);
    Files.createDirectories(dir);
    for (int i = 0; i < FILES_PER_APP_ENV; i++) {
      Files.writeString(
          dir.resolve("resource-" + i + ".yaml"), manifest("bench-" + who, "dev", i, version));
    }
    return dir;
  }

  private Promotion promotion(String url, String who, int version) throws IOException {
    return Promotion.of(url, "main", "bench-" + who, "dev", rendered(who, version));
  }

  /** What a pipeline would script with the git CLI for the same promotion. */
  private void cliScript(String url, String who, int version) throws Exception {
    Path from = rendered(who, version);
    Path work = root.resolve("cli-work-" + who + "-" + version);
    long t0 = System.nanoTime();
    git("clone", "-q", "--depth", "1", "--branch", "main", url, work.toString());
    long t1 = System.nanoTime();
    Path target = work.resolve("apps/bench-" + who + "/dev");
    delete(target);
    Files.createDirectories(target);
    try (Stream<Path> rendered = Files.list(from)) {
      for (Path file : rendered.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    long t2 = System.nanoTime();
    git("-C", work.toString(), "add", "-A");
    git("-C", work.toString(), "commit", "-q", "-m", "Promote bench-" + who + " to dev");
    long t3 = System.nanoTime();
    git("-C", work.toString(), "push", "-q", "origin", "main");
    long t4 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "  git CLI steps (ms): clone %.0f, edit %.0f, add+commit %.0f, push %.0f%n",
        (t1 - t0) / 1e6,
        (t2 - t1) / 1e6,
        (t3 - t2) / 1e6,
        (t4 - t3) / 1e6);
  }

  static String manifest(String app, String env, int index, int version) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "
        + app
        + "-"
        + index
        + "\n  namespace: "
        + env
        + "\nspec:\n  replicas: "
        + version
        + "\n  template:\n    spec:\n      containers:\n        - name: app\n"
        + "          image: registry.example.com/"
        + app
        + ":1."
        + version
        + ".0\n";
  }

  /**
   * Builds the GitOps repository with one fast-import stream: a first commit with every file, then
   * commits that each change a few files, then a repack as a server would have.
   */
  Path generate(int files, int commits) throws Exception {
    Path remote = root.resolve("remote.git");
    git("init", "-q", "--bare", "-b", "main", remote.toString());
    int apps = Math.max(1, files / (FILES_PER_APP_ENV * ENVS.length));
    ProcessBuilder builder =
        new ProcessBuilder(git.toString(), "-C", remote.toString(), "fast-import", "--quiet");
    environment(builder);
    Path log = root.resolve("fast-import.log");
    builder.redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    try (OutputStream out = new BufferedOutputStream(process.getOutputStream(), 1 << 20)) {
      long time = 1_700_000_000L;
      int written = 0;
      for (int c = 0; c < commits; c++) {
        StringBuilder changes = new StringBuilder();
        if (c == 0) {
          for (int a = 0; a < apps && written < files; a++) {
            for (String env : ENVS) {
              for (int i = 0; i < FILES_PER_APP_ENV && written < files; i++, written++) {
                changes.append(modify("app" + a, env, i, 1));
              }
            }
          }
        } else {
          for (int k = 0; k < 4; k++) {
            int a = (c * 7 + k * 13) % apps;
            changes.append(
                modify("app" + a, ENVS[(c + k) % ENVS.length], (c + k) % FILES_PER_APP_ENV, c));
          }
        }
        // Trailers like a promotion's, naming the first app changed, so history has work to do.
        int first = (c * 7) % apps;
        String message =
            "Promote change "
                + c
                + "\n\nGitOps-App: app"
                + first
                + "\nGitOps-Environment: "
                + ENVS[c % ENVS.length]
                + "\nGitOps-Image: registry.example.com/app"
                + first
                + ":1."
                + c
                + ".0\n";
        StringBuilder commit = new StringBuilder();
        commit.append("commit refs/heads/main\n");
        commit
            .append("committer Bench <bench@example.com> ")
            .append(time + c * 60L)
            .append(" +0000\n");
        commit.append("data ").append(message.getBytes(StandardCharsets.UTF_8).length).append('\n');
        commit.append(message);
        commit.append(changes).append('\n');
        out.write(commit.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git fast-import failed: " + Files.readString(log));
    }
    git("-C", remote.toString(), "repack", "-adq");
    return remote;
  }

  private static String modify(String app, String env, int index, int version) {
    String content = manifest(app, env, index, version);
    int length = content.getBytes(StandardCharsets.UTF_8).length;
    return "M 100644 inline apps/"
        + app
        + "/"
        + env
        + "/resource-"
        + index
        + ".yaml\ndata "
        + length
        + "\n"
        + content
        + "\n";
  }

  String git(String... args) throws IOException, InterruptedException {
    return gitWith(Map.of(), null, args);
  }

  String gitWithEnv(Map<String, String> extra, String... args)
      throws IOException, InterruptedException {
    return gitWith(extra, null, args);
  }

  String gitWithInput(String input, String... args) throws IOException, InterruptedException {
    return gitWith(Map.of(), input, args);
  }

  private String gitWith(Map<String, String> extra, String input, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(git.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment(builder);
    builder.environment().putAll(extra);
    if (input == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process = builder.start();
    if (input != null) {
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    // stderr is drained on its own thread, so that neither pipe can fill up and block git
    var errors = new java.io.ByteArrayOutputStream();
    Thread drain =
        new Thread(
            () -> {
              try {
                process.getErrorStream().transferTo(errors);
              } catch (IOException e) {
                // the process ended
              }
            });
    drain.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = process.waitFor();
    drain.join();
    if (status != 0) {
      throw new IllegalStateException(
          "git " + String.join(" ", args) + " failed: " + output + errors);
    }
    return output;
  }

  void environment(ProcessBuilder builder) {
    Map<String, String> env = builder.environment();
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", root.resolve("gitconfig").toString());
    env.put("GIT_AUTHOR_NAME", "Bench");
    env.put("GIT_AUTHOR_EMAIL", "bench@example.com");
    env.put("GIT_COMMITTER_NAME", "Bench");
    env.put("GIT_COMMITTER_EMAIL", "bench@example.com");
    // bin/gitops runs this JVM, and keeps its class-data-sharing archive with the run
    env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("GITOPS_CDS_DIR", root.resolve("cds").toString());
  }

  static String defaultGit() {
    String tools = System.getenv("GITOPS_TEST_TOOLS");
    if (tools != null && Files.isExecutable(Path.of(tools, "git"))) {
      return Path.of(tools, "git").toAbsolutePath().toString();
    }
    return "git";
  }

  static void delete(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
