package io.gitopspipeline.bench.repo;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.lifecycle.HistoryQuery;
import io.gitopspipeline.lifecycle.PromotionHistory;
import io.gitopspipeline.lifecycle.PromotionRecord;
import io.gitopspipeline.repo.PromoterSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side harness: {@code gitops history --app A --env E} ({@link PromotionHistory}) against
 * {@code git log --format=%(trailers) -- apps/A/E}, in one run on the promotion benchmark's
 * generated repository (default 20,000 files, 5,000 commits, every commit with GitOps trailers).
 *
 * <ul>
 *   <li>git CLI: a new process per run, as a pipeline would call it;
 *   <li>gitops first call: the first history read in a fresh JVM (class loading, JIT, JGit's caches
 *       all cold) - a single sample;
 *   <li>gitops cold repository: each round opens the repository anew (JGit's process-wide pack
 *       cache stays warm, as in a long-running Jenkins controller or agent);
 *   <li>gitops warm: the same, after warm-up rounds;
 *   <li>gitops --cache-dir: the history index in the cache directory; warm runs check the branch
 *       tip and walk only what is new (here: nothing).
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.repo.HistoryBenchmark \
 *     [--files 20000] [--commits 5000] [--rounds 10] [--app app3] [--env dev] [--git GIT]
 * </pre>
 */
public final class HistoryBenchmark {
  private HistoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int files = Integer.parseInt(options.getOrDefault("files", "20000"));
    int commits = Integer.parseInt(options.getOrDefault("commits", "5000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
    String app = options.getOrDefault("app", "app7");
    String env = options.getOrDefault("env", "dev");
    Path git = Path.of(options.getOrDefault("git", PromoteBenchmark.defaultGit()));
    if (options.containsKey("jgit-cache-mb")) {
      // What a host may configure process-wide: JGit's pack window and delta base caches.
      long bytes = Long.parseLong(options.get("jgit-cache-mb")) << 20;
      org.eclipse.jgit.storage.file.WindowCacheConfig cache =
          new org.eclipse.jgit.storage.file.WindowCacheConfig();
      cache.setPackedGitLimit(bytes);
      cache.setDeltaBaseCacheLimit((int) Math.min(Integer.MAX_VALUE, bytes / 2));
      cache.install();
    }
    Path root = Files.createTempDirectory("gitops-history-bench-");
    try {
      run(git, root, files, commits, rounds, app, env);
    } finally {
      PromoteBenchmark.delete(root);
    }
  }

  private static void run(
      Path git, Path root, int files, int commits, int rounds, String app, String env)
      throws Exception {
    long start = System.nanoTime();
    Path remote = new PromoteBenchmark(git, root).generate(files, commits);
    System.out.printf(
        Locale.ROOT,
        "generated %s: %d files, %d commits in %.1f s; java %s%n",
        remote,
        files,
        commits,
        (System.nanoTime() - start) / 1e9,
        System.getProperty("java.version"));
    String path = "apps/" + app + "/" + env;
    HistoryQuery query =
        HistoryQuery.of(remote.toUri().toString(), "main")
            .forApp(app, env)
            .withLimit(Integer.MAX_VALUE);
    PromotionHistory history = new PromotionHistory(PromoterSettings.defaults());

    long t0 = System.nanoTime();
    List<PromotionRecord> first = history.history(query, ProgressListener.NONE);
    double firstCall = (System.nanoTime() - t0) / 1e6;
    String log = gitLog(git, remote, path);
    long gitTrailers = log.lines().filter(l -> l.startsWith("GitOps-App: " + app)).count();
    System.out.printf(
        Locale.ROOT,
        "%s: %d promotions of %s/%s found by gitops; git log printed %d commits with trailers"
            + " (of which %d name the app; gitops also matches the environment)%n",
        path,
        first.size(),
        app,
        env,
        log.lines().filter(l -> l.startsWith("GitOps-Environment:")).count(),
        gitTrailers);

    List<Double> cli = new ArrayList<>();
    List<Double> cold = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      cli.add(time(() -> gitLog(git, remote, path)));
      cold.add(time(() -> history.history(query, ProgressListener.NONE)));
    }
    List<Double> warm = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      warm.add(time(() -> history.history(query, ProgressListener.NONE)));
    }
    PromotionHistory cached =
        new PromotionHistory(PromoterSettings.defaults().withCacheDirectory(root.resolve("cache")));
    double filling = time(() -> cached.history(query, ProgressListener.NONE));
    List<Double> withCache = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      withCache.add(time(() -> cached.history(query, ProgressListener.NONE)));
    }
    double cliMedian = median(cli);
    System.out.printf(
        Locale.ROOT, "%-40s %10s %10s %8s%n", "history (ms)", "median", "min", "vs CLI");
    report("git log --format=%(trailers) -- PATH", cli, cliMedian);
    System.out.printf(
        Locale.ROOT,
        "%-40s %10.0f %10s %7.2fx%n",
        "gitops first call (fresh JVM)",
        firstCall,
        "-",
        firstCall / cliMedian);
    report("gitops, repository opened per run", cold, cliMedian);
    report("gitops warm (after " + rounds + " runs)", warm, cliMedian);
    System.out.printf(
        Locale.ROOT,
        "%-40s %10.0f %10s %7.2fx%n",
        "gitops --cache-dir, filling the cache",
        filling,
        "-",
        filling / cliMedian);
    report("gitops --cache-dir, warm", withCache, cliMedian);
  }

  private static String gitLog(Path git, Path remote, String path) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            git.toString(),
            "-C",
            remote.toString(),
            "log",
            "--format=%(trailers)",
            "main",
            "--",
            path);
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git log failed: " + output);
    }
    return output;
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
        Locale.ROOT, "%-40s %10.0f %10.0f %7.2fx%n", name, median, min, median / cliMedian);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
