package io.gitopspipeline.bench.yaml;

import io.gitopspipeline.yaml.FileEdit;
import io.gitopspipeline.yaml.ValueUpdate;
import io.gitopspipeline.yaml.YamlEditor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Side-by-side timings for YAML edits (docs/performance.md, "YAML edits"):
 *
 * <ol>
 *   <li>A generated GitOps repository of 1,000 Deployment manifests (comments, labels, two
 *       containers, env, resources); 10 scalars are set in each file. {@link YamlEditor} plans,
 *       verifies and atomically writes each file, in one JVM as the pipeline does. The reference is
 *       Debian's {@code yq} (kislyuk/yq, a jq wrapper) running the same 10 assignments with {@code
 *       -y -i} over all files in one process (its best case), and once per file.
 *   <li>One generated 1 MB Helm values file: one value edited (plan and verify, then also write),
 *       against {@code yq -y} doing the same assignment on it.
 * </ol>
 *
 * <p>yq re-serialises the whole document (comments and quoting are lost), so the reference does
 * less careful work than ours; the outputs are compared by meaning, not bytes.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.yaml.YamlEditHarness
 * [--tools DIR] [--files N] [--runs N]}; yq is looked up in DIR, then on the PATH.
 */
public final class YamlEditHarness {
  private YamlEditHarness() {}

  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private static final String[][] EDITS = {
    {"metadata.labels.version", "v2"},
    {"metadata.annotations.example\\.com/revision", "abc1234"},
    {"spec.replicas", "5"},
    {"spec.template.metadata.labels.version", "v2"},
    {"spec.template.spec.containers[name=app].image", "ghcr.io/acme/app-%d:1.10"},
    {"spec.template.spec.containers[name=app].env[name=LOG_LEVEL].value", "debug"},
    {"spec.template.spec.containers[name=app].resources.limits.cpu", "750m"},
    {"spec.template.spec.containers[name=app].resources.limits.memory", "512Mi"},
    {"spec.template.spec.containers[name=proxy].image", "envoyproxy/envoy:v1.31.0"},
    {"spec.template.spec.containers[name=proxy].args.1", "--log-level=info"},
  };

  private static final String YQ_FILTER =
      ".metadata.labels.version = \"v2\""
          + " | .metadata.annotations[\"example.com/revision\"] = \"abc1234\""
          + " | .spec.replicas = 5"
          + " | .spec.template.metadata.labels.version = \"v2\""
          + " | (.spec.template.spec.containers[] | select(.name == \"app\") | .image) = $image"
          + " | (.spec.template.spec.containers[] | select(.name == \"app\") | .env[]"
          + " | select(.name == \"LOG_LEVEL\") | .value) = \"debug\""
          + " | (.spec.template.spec.containers[] | select(.name == \"app\")"
          + " | .resources.limits.cpu) = \"750m\""
          + " | (.spec.template.spec.containers[] | select(.name == \"app\")"
          + " | .resources.limits.memory) = \"512Mi\""
          + " | (.spec.template.spec.containers[] | select(.name == \"proxy\") | .image)"
          + " = \"envoyproxy/envoy:v1.31.0\""
          + " | (.spec.template.spec.containers[] | select(.name == \"proxy\") | .args[1])"
          + " = \"--log-level=info\"";

  public static void main(String[] args) throws Exception {
    Path tools = null;
    int files = 1000;
    int runs = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tools" -> tools = Path.of(args[++i]);
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path yq = find(tools, "yq");
    Path work = Files.createTempDirectory("yaml-bench-");
    try {
      repository(work, yq, files, runs);
      largeValues(work, yq, runs, false);
      largeValues(work, yq, runs, true);
    } finally {
      try (Stream<Path> walk = Files.walk(work)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  // ------------------------------------------------------------------ 1,000 manifests

  private static void repository(Path work, Path yq, int files, int runs) throws Exception {
    Path source = work.resolve("repo-source");
    Files.createDirectories(source);
    for (int i = 0; i < files; i++) {
      Files.writeString(source.resolve("app-" + i + ".yaml"), deployment(i));
    }
    System.out.printf(
        "repository: %d manifests, %d KiB, 10 scalars each%n", files, size(source) / 1024);
    YamlEditor editor = new YamlEditor();
    // warm-up on a throwaway copy: the JIT compiles the edit path before timing
    editAll(editor, copy(source, work.resolve("warmup")), files);
    List<Double> ours = new ArrayList<>();
    List<Double> oursCpu = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      Path copy = copy(source, work.resolve("ours-" + r));
      long cpu = CPU.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      editAll(editor, copy, files);
      ours.add((System.nanoTime() - start) / 1e6);
      oursCpu.add((CPU.getCurrentThreadCpuTime() - cpu) / 1e6);
    }
    report("gitops YamlEditor (in-process, verify + atomic write)", ours, files);
    report("  the same, CPU time of the editing thread", oursCpu, files);
    if (yq == null) {
      System.out.println("yq: not found; pass --tools DIR (skipping the reference)");
      return;
    }
    List<Double> batch = new ArrayList<>();
    for (int r = 0; r < 1; r++) { // one run: yq needs minutes for the whole repository
      Path copy = copy(source, work.resolve("yq-" + r));
      List<String> command =
          new ArrayList<>(
              List.of(
                  yq.toString(), "-y", "-i", "--arg", "image", "ghcr.io/acme/app:1.10", YQ_FILTER));
      try (Stream<Path> list = Files.list(copy)) {
        list.sorted().forEach(p -> command.add(p.toString()));
      }
      long start = System.nanoTime();
      run(command);
      batch.add((System.nanoTime() - start) / 1e6);
    }
    report("yq -y -i, all files in one process", batch, files);
    int sample = Math.min(files, 50);
    Path copy = copy(source, work.resolve("yq-each"));
    long start = System.nanoTime();
    for (int i = 0; i < sample; i++) {
      run(
          List.of(
              yq.toString(),
              "-y",
              "-i",
              "--arg",
              "image",
              "ghcr.io/acme/app:1.10",
              YQ_FILTER,
              copy.resolve("app-" + i + ".yaml").toString()));
    }
    report(
        "yq -y -i, one process per file (first " + sample + " files)",
        List.of((System.nanoTime() - start) / 1e6),
        sample);
  }

  private static void editAll(YamlEditor editor, Path dir, int files) throws Exception {
    for (int i = 0; i < files; i++) {
      List<ValueUpdate> updates = new ArrayList<>(EDITS.length);
      for (String[] edit : EDITS) {
        updates.add(ValueUpdate.of(edit[0], edit[1].replace("%d", Integer.toString(i))));
      }
      FileEdit edit = editor.set(dir.resolve("app-" + i + ".yaml"), null, updates);
      editor.write(edit);
    }
  }

  static String deployment(int i) {
    return """
        # Deployment of app-%1$d, managed by the platform team.
        # Do not edit the image by hand: CI sets it.
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-%1$d
          namespace: team-%2$d
          labels:
            app.kubernetes.io/name: app-%1$d
            version: "v1"   # bumped on release
          annotations:
            example.com/revision: 'deadbeef'
            example.com/owner: team-%2$d@example.com
        spec:
          replicas: 2
          selector:
            matchLabels:
              app.kubernetes.io/name: app-%1$d

          template:
            metadata:
              labels:
                app.kubernetes.io/name: app-%1$d
                version: "v1"
            spec:
              containers:
                - name: app
                  image: ghcr.io/acme/app-%1$d:1.9 # {"$imagepolicy": "flux-system:app-%1$d"}
                  ports: [{containerPort: 8080, name: http}]
                  env:
                    - name: LOG_LEVEL
                      value: info
                    - name: FEATURE_FLAGS
                      value: "a,b,c"
                  resources:
                    limits: {cpu: 500m, memory: 256Mi}
                    requests:
                      cpu: 100m
                      memory: 128Mi
                - name: proxy
                  image: envoyproxy/envoy:v1.30.0
                  args:
                    - --config-path=/etc/envoy/envoy.yaml
                    - --log-level=warn
        """
        .formatted(i, i % 20);
  }

  // ------------------------------------------------------------------ 1 MB values file

  /**
   * One 1 MB Helm values file: each service a top-level key, or ({@code nested}) all of them under
   * one {@code services:} key, as umbrella charts often have it.
   */
  private static void largeValues(Path work, Path yq, int runs, boolean nested) throws Exception {
    StringBuilder values = new StringBuilder("# Values for a large umbrella chart\n");
    String in = "";
    if (nested) {
      values.append("global:\n  registry: ghcr.io\nservices:\n");
      in = "  ";
    }
    int n = 0;
    while (values.length() < 1024 * 1024) {
      values
          .append('\n')
          .append(in)
          .append("# service ")
          .append(n)
          .append('\n')
          .append(in)
          .append("service")
          .append(n)
          .append(":\n")
          .append(in)
          .append("  enabled: true\n")
          .append(in)
          .append("  image:\n")
          .append(in)
          .append("    repository: ghcr.io/acme/service-")
          .append(n)
          .append("   # registry\n")
          .append(in)
          .append("    tag: \"1.")
          .append(n % 40)
          .append(".0\"\n")
          .append(in)
          .append("    pullPolicy: IfNotPresent\n")
          .append(in)
          .append("  resources:\n")
          .append(in)
          .append("    limits: {cpu: 200m, memory: 256Mi}\n")
          .append(in)
          .append("  env:\n")
          .append(in)
          .append("    - name: MODE\n")
          .append(in)
          .append("      value: 'production'\n")
          .append(in)
          .append("  config: |\n")
          .append(in)
          .append("    listen=:8080\n")
          .append(in)
          .append("    workers=4\n");
      n++;
    }
    Path file = work.resolve(nested ? "nested-values.yaml" : "values.yaml");
    Files.writeString(file, values);
    String path = (nested ? "services." : "") + "service" + (n / 2) + ".image.tag";
    System.out.printf(
        "%nlarge values%s: %d KiB, %d services, editing %s%n",
        nested ? " (nested)" : "", Files.size(file) / 1024, n, path);
    YamlEditor editor = new YamlEditor();
    for (int i = 0; i < 20; i++) {
      editor.set(file, null, List.of(ValueUpdate.of(path, "2.0." + i)));
    }
    int iterations = Math.max(20, runs * 10);
    List<Double> plan = new ArrayList<>();
    List<Double> planCpu = new ArrayList<>();
    List<Double> write = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      long cpu = CPU.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      FileEdit edit = editor.set(file, null, List.of(ValueUpdate.of(path, "2.1." + i)));
      plan.add((System.nanoTime() - start) / 1e6);
      planCpu.add((CPU.getCurrentThreadCpuTime() - cpu) / 1e6);
      editor.write(edit);
      write.add((System.nanoTime() - start) / 1e6);
    }
    report("gitops YamlEditor plan + verify (1 MB file)", plan, 1);
    report("  the same, CPU time of the editing thread", planCpu, 1);
    report("gitops YamlEditor plan + verify + atomic write (1 MB file)", write, 1);
    if (!nested) {
      floor(Files.readString(file), iterations);
    }
    if (yq == null) {
      return;
    }
    List<Double> reference = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      long start = System.nanoTime();
      run(List.of(yq.toString(), "-y", "-i", "." + path + " = \"2.2.0\"", file.toString()));
      reference.add((System.nanoTime() - start) / 1e6);
    }
    report("yq -y -i (1 MB file)", reference, 1);
  }

  /**
   * What snakeyaml-engine alone costs on the same text: its scanner (tokens) and its parser
   * (events, which the edit builds on). An edit cannot be cheaper than the parse it verifies with.
   */
  private static void floor(String text, int iterations) {
    LoadSettings settings =
        LoadSettings.builder()
            .setParseComments(false)
            .setUseMarks(true)
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    List<Double> scan = new ArrayList<>();
    List<Double> parse = new ArrayList<>();
    for (int i = 0; i < 10 + iterations; i++) {
      long cpu = CPU.getCurrentThreadCpuTime();
      ScannerImpl scanner = new ScannerImpl(settings, new StreamReader(settings, text));
      while (scanner.hasNext()) {
        scanner.next();
      }
      long scanned = CPU.getCurrentThreadCpuTime();
      ParserImpl parser =
          new ParserImpl(settings, new ScannerImpl(settings, new StreamReader(settings, text)));
      while (parser.hasNext()) {
        parser.next();
      }
      if (i >= 10) {
        scan.add((scanned - cpu) / 1e6);
        parse.add((CPU.getCurrentThreadCpuTime() - scanned) / 1e6);
      }
    }
    report("  floor: snakeyaml-engine scanner alone, CPU (1 MB file)", scan, 1);
    report("  floor: snakeyaml-engine parser (events), CPU (1 MB file)", parse, 1);
  }

  // ------------------------------------------------------------------ helpers

  private static void report(String what, List<Double> millis, int files) {
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted[sorted.length / 2];
    System.out.printf(
        "  %-62s median %9.1f ms  (min %.1f, max %.1f; %d runs)  %.3f ms/file%n",
        what, median, sorted[0], sorted[sorted.length - 1], sorted.length, median / files);
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command.subList(0, Math.min(3, command.size())))
              + " failed: "
              + new String(output, StandardCharsets.UTF_8));
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> list = Files.list(from)) {
      for (Path p : list.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
    return to;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static Path find(Path tools, String name) {
    List<Path> candidates = new ArrayList<>();
    if (tools != null) {
      candidates.add(tools.resolve(name));
    }
    String env = System.getenv("GITOPS_TEST_TOOLS");
    if (env != null) {
      candidates.add(Path.of(env, name));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      candidates.add(Path.of(dir, name));
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }
}
