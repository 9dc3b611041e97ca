package io.gitopspipeline.bench.repo;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.GitIdentity;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.repo.signing.CommitSigners;
import io.gitopspipeline.repo.signing.SigningSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Side-by-side harness: one warm promotion (through the cache) unsigned and signed in each format,
 * interleaved in one run against the same {@code file://} remote, plus the cost of one signature
 * and of loading each key. Keys are generated with gpg and ssh-keygen (found on the PATH or in
 * {@code GITOPS_TEST_TOOLS}).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.repo.SigningBenchmark \
 *     [--files 2000] [--rounds 15]
 * </pre>
 */
public final class SigningBenchmark {
  private static final String EMAIL = "bot@gitops.invalid";

  private final Path root;

  private SigningBenchmark(Path root) {
    this.root = root;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int files = Integer.parseInt(options.getOrDefault("files", "2000"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "15"));
    Path root = Files.createTempDirectory("gitops-signing-bench-");
    try {
      new SigningBenchmark(root).run(files, rounds);
    } finally {
      run(root, Map.of("GNUPGHOME", root.resolve("gnupg").toString()), "gpgconf", "--kill", "all");
      try (Stream<Path> walk = Files.walk(root)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void run(int files, int rounds) throws Exception {
    System.out.println("java " + System.getProperty("java.version"));
    Path remote = repository(files);
    Map<String, Path> keyFiles = new LinkedHashMap<>();
    keyFiles.put("openpgp ed25519", pgpKey("ed25519"));
    keyFiles.put("openpgp rsa3072", pgpKey("rsa3072"));
    keyFiles.put("ssh ed25519", sshKey("ed25519", "", "ssh-ed25519"));
    keyFiles.put("ssh ecdsa-p256", sshKey("ecdsa", "", "ssh-ecdsa"));
    keyFiles.put("ssh rsa3072", sshKey("rsa", "", "ssh-rsa"));

    Map<String, CommitSigner> signers = new LinkedHashMap<>();
    signers.put("unsigned", CommitSigner.NONE);
    System.out.printf(Locale.ROOT, "%-34s %10s%n", "loading the key (ms)", "load");
    for (Map.Entry<String, Path> key : keyFiles.entrySet()) {
      long start = System.nanoTime();
      signers.put(
          key.getKey(), CommitSigners.load(new SigningSettings(key.getValue(), null, null, null)));
      System.out.printf(
          Locale.ROOT, "%-34s %10.1f%n", key.getKey(), (System.nanoTime() - start) / 1e6);
    }
    Path pass = root.resolve("pass");
    Files.writeString(pass, "bench\n");
    Path encrypted = sshKey("ed25519", "bench", "ssh-ed25519-encrypted");
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      CommitSigners.load(new SigningSettings(encrypted, null, pass, null));
      System.out.printf(
          Locale.ROOT,
          "%-34s %10.1f%n",
          "ssh ed25519, encrypted (bcrypt)",
          (System.nanoTime() - start) / 1e6);
    }

    System.out.printf(Locale.ROOT, "%n%-34s %10s %10s%n", "one signature (µs)", "median", "min");
    for (Map.Entry<String, CommitSigner> signer : signers.entrySet()) {
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(ObjectId.zeroId());
        PersonIdent person = new PersonIdent("GitOps Bot", EMAIL);
        commit.setAuthor(person);
        commit.setCommitter(person);
        commit.setMessage("Promote web to dev\n\nGitOps-App: web\n");
        long start = System.nanoTime();
        signer.getValue().sign(commit);
        times.add((System.nanoTime() - start) / 1e3);
      }
      List<Double> timed = times.subList(100, times.size()); // first 100 warm up
      System.out.printf(
          Locale.ROOT, "%-34s %10.0f %10.0f%n", signer.getKey(), median(timed), min(timed));
    }

    String url = remote.toUri().toString();
    Promoter warm =
        new Promoter(PromoterSettings.defaults().withCacheDirectory(root.resolve("cache")));
    Map<String, List<Double>> promotions = new LinkedHashMap<>();
    int version = 0;
    for (Map.Entry<String, CommitSigner> signer : signers.entrySet()) {
      check(warm.promote(promotion(url, signer.getValue(), ++version), ProgressListener.NONE));
      promotions.put(signer.getKey(), new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, CommitSigner> signer : signers.entrySet()) {
        Promotion promotion = promotion(url, signer.getValue(), ++version);
        long start = System.nanoTime();
        check(warm.promote(promotion, ProgressListener.NONE));
        promotions.get(signer.getKey()).add((System.nanoTime() - start) / 1e6);
      }
    }
    double unsigned = median(promotions.get("unsigned"));
    System.out.printf(
        Locale.ROOT,
        "%n%-34s %10s %10s %12s%n",
        "warm promotion (ms)",
        "median",
        "min",
        "vs unsigned");
    for (Map.Entry<String, List<Double>> entry : promotions.entrySet()) {
      double median = median(entry.getValue());
      System.out.printf(
          Locale.ROOT,
          "%-34s %10.1f %10.1f %+12.1f%n",
          entry.getKey(),
          median,
          min(entry.getValue()),
          median - unsigned);
    }
  }

  private Promotion promotion(String url, CommitSigner signer, int version) throws IOException {
    Path rendered = root.resolve("rendered-" + version);
    Files.createDirectories(rendered);
    Files.writeString(
        rendered.resolve("deployment.yaml"),
        "kind: Deployment\nspec:\n  image: web:" + version + "\n",
        StandardCharsets.UTF_8);
    GitIdentity bot = new GitIdentity("GitOps Bot", EMAIL);
    return Promotion.of(url, "main", "web", "dev", rendered).withAuthor(bot).withSigner(signer);
  }

  private static void check(PromotionResult result) {
    if (!result.changed()) {
      throw new IllegalStateException("expected a change");
    }
  }

  /** A bare repository whose main holds {@code files} manifests in one commit. */
  private Path repository(int files) throws IOException {
    Path seed = root.resolve("seed");
    Path bare = root.resolve("remote.git");
    Map<String, String> env = gitEnv();
    run(root, env, "git", "init", "-q", "--bare", "-b", "main", bare.toString());
    run(root, env, "git", "init", "-q", "-b", "main", seed.toString());
    for (int i = 0; i < files; i++) {
      Path file = seed.resolve("apps/app" + (i / 25) + "/dev/m" + (i % 25) + ".yaml");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "kind: ConfigMap\nmetadata:\n  name: m" + i + "\n");
    }
    run(seed, env, "git", "add", "-A");
    run(seed, env, "git", "commit", "-q", "-m", "seed");
    run(seed, env, "git", "push", "-q", bare.toString(), "main");
    return bare;
  }

  private Path pgpKey(String algo) throws IOException {
    Map<String, String> env = Map.of("GNUPGHOME", gnupgHome().toString());
    String uid = "GitOps Bot " + algo + " <" + EMAIL + ">";
    run(
        root,
        env,
        "gpg",
        "--batch",
        "--passphrase",
        "",
        "--quick-gen-key",
        uid,
        algo,
        "sign",
        "never");
    Path file = root.resolve("pgp-" + algo + ".asc");
    Files.writeString(
        file, run(root, env, "gpg", "--batch", "--armor", "--export-secret-keys", "=" + uid));
    return file;
  }

  private Path gnupgHome() throws IOException {
    Path home = root.resolve("gnupg");
    if (!Files.isDirectory(home)) {
      Files.createDirectories(home);
      home.toFile().setReadable(false, false);
      home.toFile().setReadable(true, true);
      home.toFile().setExecutable(false, false);
      home.toFile().setExecutable(true, true);
    }
    return home;
  }

  private Path sshKey(String type, String passphrase, String name) throws IOException {
    Path file = root.resolve(name);
    List<String> args = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase));
    if (type.equals("rsa")) {
      args.addAll(List.of("-b", "3072"));
    }
    args.addAll(List.of("-C", EMAIL, "-f", file.toString()));
    run(root, Map.of(), args.toArray(String[]::new));
    return file;
  }

  private static Map<String, String> gitEnv() {
    return Map.of(
        "GIT_CONFIG_NOSYSTEM", "1",
        "GIT_CONFIG_GLOBAL", "/dev/null",
        "GIT_AUTHOR_NAME", "seed",
        "GIT_AUTHOR_EMAIL", "seed@gitops.invalid",
        "GIT_COMMITTER_NAME", "seed",
        "GIT_COMMITTER_EMAIL", "seed@gitops.invalid");
  }

  private static String run(Path dir, Map<String, String> env, String... command)
      throws IOException {
    List<String> full = new ArrayList<>(List.of(command));
    full.set(0, tool(command[0]));
    ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out;
  }

  private static String tool(String name) {
    String tools = System.getenv("GITOPS_TEST_TOOLS");
    if (tools != null && Files.isExecutable(Path.of(tools, name))) {
      // absolute: the tools run in a temporary working directory
      return Path.of(tools, name).toAbsolutePath().toString();
    }
    return name;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }
}
