package io.gitopspipeline.bench.repo;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Side-by-side harness for issue "many pipelines, one GitOps branch": N concurrent promotions of
 * different apps into {@code main} of the generated 20,000-file repository ({@link
 * PromoteBenchmark#generate}), timed until all have ended, counting how many landed, for
 *
 * <ul>
 *   <li>N {@code gitops promote} processes (started through {@code bin/gitops}, as users run it,
 *       one shared {@code --cache-dir});
 *   <li>one process promoting N apps (one {@link Promoter}, one thread per app, the way {@code
 *       gitops promote --batch} and the plugin's JVM do);
 *   <li>the usual hand-written loop: N shell processes each doing {@code git clone --depth 1},
 *       commit, then {@code git pull --rebase && git push} up to 10 times;
 * </ul>
 *
 * and, as the yardsticks, N sequential warm promotions in one process and the same N {@code gitops
 * promote} processes run one after another. It also reports what one retry costs (fetch of the new
 * commits, re-apply, push), forced by moving the branch while a promotion is about to push, from
 * the promoter's own timing lines.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.repo.ConcurrentPromoteBenchmark \
 *     [--n 1,10,40,100] [--files 20000] [--commits 5000] [--gitops bin/gitops] \
 *     [--git /path/to/git] [--skip-loop-above N] [--skip-processes-above N] [--retry-rounds 10]
 * </pre>
 */
public final class ConcurrentPromoteBenchmark {
  private static final Pattern ATTEMPT_TIME =
      Pattern.compile(
          "^attempt (\\d+) took (\\d+) ms \\(fetch (\\d+) ms, apply (\\d+) ms, push (\\d+) ms");
  private static final long BOUND_MINUTES = 30;

  private final PromoteBenchmark repo;
  private final Path root;
  private final Path git;
  private final Path gitops;
  private boolean launcherWarm;
  private String url;
  private int version = 100;

  private ConcurrentPromoteBenchmark(PromoteBenchmark repo, Path root, Path git, Path gitops) {
    this.repo = repo;
    this.root = root;
    this.git = git;
    this.gitops = gitops;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    List<Integer> ns = new ArrayList<>();
    for (String n : options.getOrDefault("n", "1,10,40,100").split(",")) {
      ns.add(Integer.parseInt(n.strip()));
    }
    int files = Integer.parseInt(options.getOrDefault("files", "20000"));
    int commits = Integer.parseInt(options.getOrDefault("commits", "5000"));
    int skipLoopAbove = Integer.parseInt(options.getOrDefault("skip-loop-above", "1000"));
    int skipProcessesAbove = Integer.parseInt(options.getOrDefault("skip-processes-above", "1000"));
    Path git = Path.of(options.getOrDefault("git", PromoteBenchmark.defaultGit()));
    Path launcher = Path.of(options.getOrDefault("gitops", "bin/gitops")).toAbsolutePath();
    int retryRounds = Integer.parseInt(options.getOrDefault("retry-rounds", "10"));
    Path root = Files.createTempDirectory("gitops-concurrent-bench-");
    try {
      ConcurrentPromoteBenchmark bench =
          new ConcurrentPromoteBenchmark(new PromoteBenchmark(git, root), root, git, launcher);
      bench.run(ns, files, commits, skipLoopAbove, skipProcessesAbove, retryRounds);
    } finally {
      PromoteBenchmark.delete(root);
    }
  }

  /** One measurement: how long until all ended, how many landed. */
  private record Outcome(double seconds, int landed, int n, String note) {
    String cell() {
      return String.format(Locale.ROOT, "%.1f s, %d/%d%s", seconds, landed, n, note);
    }
  }

  private void run(
      List<Integer> ns,
      int files,
      int commits,
      int skipLoopAbove,
      int skipProcessesAbove,
      int retryRounds)
      throws Exception {
    System.out.println(
        repo.git("--version").strip()
            + ", java "
            + System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs");
    long start = System.nanoTime();
    Path remote = repo.generate(files, commits);
    url = remote.toUri().toString();
    System.out.printf(
        Locale.ROOT, "generated %d files, %d commits in %.1f s%n", files, commits, seconds(start));
    Path cache = root.resolve("cache");
    Promoter warm = new Promoter(PromoterSettings.defaults().withCacheDirectory(cache));
    // warm-up (untimed): classes, JIT, the shared cache
    for (int i = 0; i < 3; i++) {
      warm.promote(promotion("warmup" + i, version++), ProgressListener.NONE);
    }
    if (retryRounds > 0) {
      forcedRetries(warm, retryRounds);
    }
    List<String> rows = new ArrayList<>();
    List<Long> retryCosts = new ArrayList<>();
    for (int n : ns) {
      Outcome sequential = sequential(warm, n);
      Outcome inProcess = inProcess(cache, n, retryCosts);
      Outcome processes =
          n > skipProcessesAbove ? new Outcome(0, 0, n, " (not run)") : processes(cache, n);
      Outcome loop = n > skipLoopAbove ? new Outcome(0, 0, n, " (not run)") : loop(n);
      Outcome sequentialProcesses =
          n > skipProcessesAbove
              ? new Outcome(0, 0, n, " (not run)")
              : sequentialProcesses(cache, n);
      String row =
          String.format(
              Locale.ROOT,
              "| %d | %s | %s | %s | %s | %s | %.2f× | %.2f× |",
              n,
              processes.cell(),
              inProcess.cell(),
              loop.cell(),
              sequential.cell(),
              sequentialProcesses.cell(),
              processes.seconds() / sequentialProcesses.seconds(),
              processes.seconds() / sequential.seconds());
      System.out.println(row);
      rows.add(row);
    }
    System.out.println();
    System.out.println(
        "| N | N `gitops promote` processes | one process, N apps | hand-written git loop |"
            + " N sequential warm promotions, one process | N sequential warm `gitops promote`"
            + " processes | processes ÷ sequential processes | processes ÷ sequential in-process"
            + " |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    rows.forEach(System.out::println);
    if (!retryCosts.isEmpty()) {
      List<Long> sorted = retryCosts.stream().sorted().toList();
      System.out.printf(
          Locale.ROOT,
          "one retry (fetch new commits + re-apply + push), in process: median %d ms, min %d ms,"
              + " over %d retries%n",
          sorted.get(sorted.size() / 2),
          sorted.get(0),
          sorted.size());
    } else {
      System.out.println("no retry happened in process (every batch landed first time)");
    }
  }

  private Outcome sequential(Promoter warm, int n) throws Exception {
    int v = version++;
    long start = System.nanoTime();
    int landed = 0;
    for (int i = 0; i < n; i++) {
      if (warm.promote(promotion("seq" + i, v), ProgressListener.NONE).changed()) {
        landed++;
      }
    }
    return new Outcome(seconds(start), landed, n, "");
  }

  /** The same N processes as {@link #processes}, one after another (warm cache and launcher). */
  private Outcome sequentialProcesses(Path cache, int n) throws Exception {
    int v = version++;
    long start = System.nanoTime();
    int landed = 0;
    for (int i = 0; i < n; i++) {
      landed += runAll("sequential", List.of(promoteCommand(cache, "sproc" + i, v))).landed();
    }
    return new Outcome(seconds(start), landed, n, "");
  }

  private Outcome inProcess(Path cache, int n, List<Long> retryCosts) throws Exception {
    int v = version++;
    Promoter promoter = new Promoter(PromoterSettings.defaults().withCacheDirectory(cache));
    List<Promotion> promotions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      promotions.add(promotion("one" + i, v));
    }
    AtomicLong pushes = new AtomicLong();
    ProgressListener listener =
        p -> {
          Matcher m = ATTEMPT_TIME.matcher(p.message());
          if (m.find()) {
            pushes.incrementAndGet();
            if (Integer.parseInt(m.group(1)) > 1) {
              synchronized (retryCosts) {
                retryCosts.add(Long.parseLong(m.group(2)));
              }
            }
          }
        };
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<PromotionResult>> futures = new ArrayList<>();
      for (Promotion promotion : promotions) {
        Callable<PromotionResult> task =
            () -> {
              go.await();
              return promoter.promote(promotion, listener);
            };
        futures.add(pool.submit(task));
      }
      long start = System.nanoTime();
      go.countDown();
      int landed = 0;
      for (Future<PromotionResult> future : futures) {
        try {
          if (future.get(BOUND_MINUTES, TimeUnit.MINUTES).changed()) {
            landed++;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          System.out.println("  in process: " + e.getCause().getMessage());
        }
      }
      return new Outcome(seconds(start), landed, n, " (" + pushes.get() + " pushes)");
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome processes(Path cache, int n) throws Exception {
    if (!launcherWarm) {
      // Untimed, as for the in-process yardstick: the first run writes the launcher's
      // class-data-sharing archive (bin/gitops), every later one maps it.
      Outcome warmup =
          runAll("processes-warmup", List.of(promoteCommand(cache, "warmup", version++)));
      System.out.printf(
          Locale.ROOT, "launcher warm-up (writes its CDS archive): %s%n", warmup.cell());
      launcherWarm = true;
    }
    int v = version++;
    List<List<String>> commands = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      commands.add(promoteCommand(cache, "proc" + i, v));
    }
    return runAll("processes", commands);
  }

  /** One {@code gitops promote} as a pipeline starts it: through the launcher users run. */
  private List<String> promoteCommand(Path cache, String who, int v) throws IOException {
    Path from = rendered(who, v);
    return List.of(
        gitops.toString(),
        "promote",
        "--repo",
        url,
        "--branch",
        "main",
        "--app",
        "bench-" + who,
        "--env",
        "dev",
        "--from",
        from.toString(),
        "--cache-dir",
        cache.toString(),
        "--timeout",
        "20m");
  }

  /**
   * What one retry costs, forced: while a promotion is about to push, another commit (a new file of
   * another app, written with the git CLI straight into the remote) moves the branch, so the push
   * is refused and the promotion fetches the new commit, re-applies its change and pushes again.
   * Reports the first attempt and the retry from the promoter's own timing lines (the back-off wait
   * between them is not part of either).
   */
  private void forcedRetries(Promoter promoter, int rounds) throws Exception {
    Path remote = Path.of(java.net.URI.create(url));
    List<long[]> firsts = new ArrayList<>();
    List<long[]> retries = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      int v = version++;
      int r = round;
      boolean[] raced = new boolean[1];
      ProgressListener listener =
          p -> {
            if (!raced[0] && p.message().startsWith("pushing ")) {
              raced[0] = true;
              moveBranch(remote, r);
            }
            Matcher m = ATTEMPT_TIME.matcher(p.message());
            if (m.find()) {
              long[] t = {
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5))
              };
              (Integer.parseInt(m.group(1)) == 1 ? firsts : retries).add(t);
            }
          };
      if (!promoter.promote(promotion("retry", v), listener).changed()) {
        throw new IllegalStateException("the forced-retry promotion did not land");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "forced retries (%d rounds): first attempt %s; retry %s%n",
        rounds,
        breakdown(firsts),
        breakdown(retries));
  }

  private void moveBranch(Path remote, int round) {
    try {
      Path index = root.resolve("racer-index");
      Files.deleteIfExists(index);
      String blob =
          repo.gitWithInput(
                  "racer round " + round + "\n",
                  "-C",
                  remote.toString(),
                  "hash-object",
                  "-w",
                  "--stdin")
              .strip();
      Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
      repo.gitWithEnv(env, "-C", remote.toString(), "read-tree", "main");
      repo.gitWithEnv(
          env,
          "-C",
          remote.toString(),
          "update-index",
          "--add",
          "--cacheinfo",
          "100644," + blob + ",apps/bench-racer/dev/round.txt");
      String tree = repo.gitWithEnv(env, "-C", remote.toString(), "write-tree").strip();
      String commit =
          repo.git("-C", remote.toString(), "commit-tree", tree, "-p", "main", "-m", "racer")
              .strip();
      repo.git("-C", remote.toString(), "update-ref", "refs/heads/main", commit);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot move the branch", e);
    }
  }

  /** Median total and its parts, from {total, fetch, apply, push} rows. */
  private static String breakdown(List<long[]> rows) {
    if (rows.isEmpty()) {
      return "none";
    }
    long[] median = new long[4];
    for (int part = 0; part < 4; part++) {
      int p = part;
      List<Long> values = rows.stream().map(t -> t[p]).sorted().toList();
      median[part] = values.get(values.size() / 2);
    }
    return String.format(
        Locale.ROOT,
        "median %d ms (fetch %d, apply %d, push %d) over %d",
        median[0],
        median[1],
        median[2],
        median[3],
        rows.size());
  }

  private Outcome loop(int n) throws Exception {
    int v = version++;
    List<List<String>> commands = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String app = "bench-loop" + i;
      Path from = rendered("loop" + i, v);
      Path work = root.resolve("loop-work-" + v + "-" + i);
      String script =
          "set -e; \"$GIT\" clone -q --depth 1 --branch main \"$URL\" \"$WORK\"; cd \"$WORK\";"
              + " rm -rf apps/$APP/dev; mkdir -p apps/$APP/dev; cp \"$FROM\"/* apps/$APP/dev/;"
              + " \"$GIT\" add -A; \"$GIT\" commit -q -m \"Promote $APP to dev\"; set +e;"
              + " for i in 1 2 3 4 5 6 7 8 9 10; do"
              + " \"$GIT\" pull -q --rebase origin main && \"$GIT\" push -q origin main && exit 0;"
              + " done; exit 1";
      commands.add(
          List.of(
              "env",
              "GIT=" + git,
              "URL=" + url,
              "WORK=" + work,
              "APP=" + app,
              "FROM=" + from,
              "bash",
              "-c",
              script));
    }
    Outcome outcome = runAll("loop", commands);
    for (int i = 0; i < n; i++) {
      PromoteBenchmark.delete(root.resolve("loop-work-" + v + "-" + i)); // not part of the time
    }
    return outcome;
  }

  /** Starts every command at once; the time until the last ended, and how many exited 0. */
  private Outcome runAll(String what, List<List<String>> commands) throws Exception {
    List<Process> processes = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < commands.size(); i++) {
      ProcessBuilder builder = new ProcessBuilder(commands.get(i));
      repo.environment(builder);
      builder.redirectErrorStream(true);
      builder.redirectOutput(root.resolve(what + "-" + i + ".log").toFile());
      processes.add(builder.start());
    }
    long deadline = start + TimeUnit.MINUTES.toNanos(BOUND_MINUTES);
    int landed = 0;
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      if (process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
          && process.exitValue() == 0) {
        landed++;
      } else {
        process.destroyForcibly();
        String log = Files.readString(root.resolve(what + "-" + i + ".log"));
        System.out.println(
            "  " + what + " " + i + " failed: " + log.strip().replaceAll("\\s*\n\\s*", " | "));
      }
    }
    return new Outcome(seconds(start), landed, commands.size(), "");
  }

  private Promotion promotion(String who, int v) throws IOException {
    return Promotion.of(url, "main", "bench-" + who, "dev", rendered(who, v));
  }

  private Path rendered(String who, int v) throws IOException {
    Path dir = root.resolve("rendered-" + who + "-" + v);
    Files.createDirectories(dir);
    for (int i = 0; i < 25; i++) {
      Files.writeString(
          dir.resolve("resource-" + i + ".yaml"),
          PromoteBenchmark.manifest("bench-" + who, "dev", i, v));
    }
    return dir;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
