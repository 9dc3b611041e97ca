package io.gitopspipeline.bench.render;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.render.FluxEnvsubst;
import io.gitopspipeline.render.RenderEngine;
import io.gitopspipeline.render.RenderRequest;
import io.gitopspipeline.render.Renderer;
import io.gitopspipeline.render.Validation;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Side-by-side timings for rendering (docs/performance.md, "Rendering"):
 *
 * <ol>
 *   <li>Flux substitution over a generated 10 MB manifest set: {@link FluxEnvsubst} on the text,
 *       the whole plain engine (parse, substitute, normalise; no validation), and GNU {@code
 *       envsubst} on the same bytes, as a process.
 *   <li>{@code helm template} and {@code kubectl kustomize} called directly, against the same
 *       rendering through {@link Renderer} (which adds scratch copies, version checks, parsing,
 *       normalisation and validation).
 * </ol>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.render.RenderHarness
 * [--tools DIR] [--runs N]}; tools are looked up in DIR, then on the PATH.
 */
public final class RenderHarness {
  private static final int TARGET_BYTES = 10 * 1024 * 1024;

  private RenderHarness() {}

  public static void main(String[] args) throws Exception {
    Path tools = null;
    int runs = 5;
    String only = "substitution,helm,kustomize";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tools" -> tools = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path work = Files.createTempDirectory("render-bench-");
    System.out.println(
        "cores "
            + Runtime.getRuntime().availableProcessors()
            + ", load average at start "
            + loadAverage());
    try {
      if (only.contains("substitution")) {
        substitution(work, tools, runs);
      }
      if (only.contains("helm")) {
        helm(work, tools, runs);
      }
      if (only.contains("kustomize")) {
        kustomize(work, tools, runs);
      }
      System.out.println("load average at end " + loadAverage());
    } finally {
      try (var walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void substitution(Path work, Path tools, int runs) throws Exception {
    Path plain = Files.createDirectories(work.resolve("plain"));
    StringBuilder all = new StringBuilder();
    int i = 0;
    StringBuilder file = new StringBuilder();
    int files = 0;
    while (all.length() < TARGET_BYTES) {
      String doc = "---\n" + deployment(i++);
      file.append(doc);
      all.append(doc);
      if (file.length() > 64 * 1024) { // files of ~64 KB, as a team's app manifests might be
        Files.writeString(plain.resolve(String.format("apps-%04d.yaml", files++)), file);
        file.setLength(0);
      }
    }
    if (file.length() > 0) {
      Files.writeString(plain.resolve(String.format("apps-%04d.yaml", files++)), file);
    }
    String text = all.toString();
    Path input = work.resolve("all.yaml");
    Files.writeString(input, text);
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("IMAGE", "registry.example.com/team/app:1.2.3");
    vars.put("ENVIRONMENT", "prod");
    vars.put("REPLICAS", "3");
    vars.put("REGION", "eu-central-1");
    System.out.printf(
        "substitution: %d manifests in %d files, %.1f MB, %d expressions%n",
        i, files, text.length() / 1048576.0, i * 5);

    long[] ours = new long[runs];
    long[] oursCpu = new long[runs];
    for (int r = -1; r < runs; r++) { // r = -1 warms up (JIT) and is not counted
      long cpu = processCpu();
      long start = System.nanoTime();
      FluxEnvsubst.expand(text, vars, true);
      if (r >= 0) {
        ours[r] = System.nanoTime() - start;
        oursCpu[r] = processCpu() - cpu;
      }
    }
    long[] engine = new long[runs];
    long[] engineCpu = new long[runs];
    Renderer renderer = new Renderer();
    for (int r = -1; r < runs; r++) { // r = -1 warms up and is not counted
      RenderRequest.Builder request =
          RenderRequest.builder(plain, "prod")
              .engine(RenderEngine.PLAIN)
              .validation(Validation.NONE);
      vars.forEach(request::var);
      long cpu = processCpu();
      long start = System.nanoTime();
      renderer.render(request.build(), ProgressListener.NONE);
      if (r >= 0) {
        engine[r] = System.nanoTime() - start;
        engineCpu[r] = processCpu() - cpu;
      }
    }
    Path envsubst = tool(tools, "envsubst");
    long[] gnu = new long[runs];
    long[] gnuCpu = new long[runs];
    Path time = Path.of("/usr/bin/time");
    for (int r = 0; r < runs; r++) {
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(time)) { // GNU time reports the child's user+system CPU seconds
        command.addAll(
            List.of(time.toString(), "-f", "%U %S", "-o", work.resolve("cpu").toString()));
      }
      command.add(envsubst.toString());
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().clear();
      pb.environment().putAll(vars);
      pb.redirectInput(input.toFile());
      pb.redirectOutput(work.resolve("gnu-out.yaml").toFile());
      long start = System.nanoTime();
      run(pb);
      gnu[r] = System.nanoTime() - start;
      if (Files.isExecutable(time)) {
        String[] cpu = Files.readString(work.resolve("cpu")).trim().split("\\s+");
        gnuCpu[r] = (long) ((Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1])) * 1e9);
      }
    }
    String gnuOut = Files.readString(work.resolve("gnu-out.yaml"));
    System.out.printf(
        "  same output as GNU envsubst: %s%n",
        gnuOut.equals(FluxEnvsubst.expand(text, vars, true)));
    report("FluxEnvsubst.expand (in-process), wall", ours);
    report("FluxEnvsubst.expand (in-process), JVM CPU", oursCpu);
    report("plain engine render (parse+substitute+normalise), wall", engine);
    report("plain engine render, JVM CPU (all threads)", engineCpu);
    report("GNU envsubst (process), wall", gnu);
    report("GNU envsubst (process), CPU user+sys", gnuCpu);
  }

  private static String deployment(int n) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app-%1$d
          namespace: team-%2$d
          labels:
            environment: ${ENVIRONMENT}
            region: ${REGION}
          annotations:
            description: "Service number %1$d of the benchmark, with some text to make the file look like a real manifest"
        spec:
          replicas: ${REPLICAS}
          selector:
            matchLabels:
              app: app-%1$d
          template:
            metadata:
              labels:
                app: app-%1$d
            spec:
              containers:
              - name: app
                image: ${IMAGE}
                ports:
                - containerPort: 8080
                env:
                - name: REGION
                  value: ${REGION}
                resources:
                  requests: {cpu: 10m, memory: 32Mi}
                  limits: {cpu: 500m, memory: 256Mi}
        """
        .formatted(n, n % 20);
  }

  private static void helm(Path work, Path tools, int runs) throws Exception {
    Path helm = tool(tools, "helm");
    Path chart = Files.createDirectories(work.resolve("chart/templates"));
    Files.writeString(
        chart.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n");
    Files.writeString(
        chart.resolveSibling("values.yaml"),
        "replicas: 1\nimage:\n  repository: registry.example.com/team/app\n  tag: \"1.0.0\"\n");
    for (int i = 0; i < 20; i++) {
      Files.writeString(
          chart.resolve("deploy-" + i + ".yaml"),
          deployment(i)
              .replace("${ENVIRONMENT}", "{{ .Release.Namespace }}")
              .replace("${REGION}", "eu")
              .replace("${REPLICAS}", "{{ .Values.replicas }}")
              .replace("${IMAGE}", "\"{{ .Values.image.repository }}:{{ .Values.image.tag }}\""));
    }
    Path chartDir = chart.getParent();
    List<String> direct =
        List.of(
            helm.toString(),
            "template",
            "app",
            chartDir.toString(),
            "--namespace",
            "prod",
            "--set",
            "replicas=3",
            "--include-crds");
    Map<String, String> env =
        Map.of(
            "HOME",
            work.toString(),
            "HELM_CACHE_HOME",
            work.resolve("hc").toString(),
            "HELM_CONFIG_HOME",
            work.resolve("hcfg").toString(),
            "HELM_DATA_HOME",
            work.resolve("hd").toString());
    long[] binary = new long[runs];
    long[] ours = new long[runs];
    Renderer renderer = new Renderer();
    for (int r = -1; r < runs; r++) { // r = -1 warms up both sides and is not counted
      ProcessBuilder pb = new ProcessBuilder(direct);
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectOutput(work.resolve("helm-out.yaml").toFile());
      long start = System.nanoTime();
      run(pb);
      long direct0 = System.nanoTime() - start;
      start = System.nanoTime();
      renderer.render(
          RenderRequest.builder(chartDir, "prod")
              .engine(RenderEngine.HELM)
              .namespace("prod")
              .set("replicas", "3")
              .tools(new RenderRequest.ToolSettings(helm, null, Duration.ofMinutes(1)))
              .build(),
          ProgressListener.NONE);
      if (r >= 0) {
        binary[r] = direct0;
        ours[r] = System.nanoTime() - start;
      }
    }
    System.out.println("helm: 20 Deployments");
    report("helm template (process)", binary);
    report("Renderer, helm engine (validated)", ours);
  }

  private static void kustomize(Path work, Path tools, int runs) throws Exception {
    Path kubectl = tool(tools, "kubectl");
    Path base = Files.createDirectories(work.resolve("k/base"));
    Path overlay = Files.createDirectories(work.resolve("k/overlays/prod"));
    StringBuilder resources = new StringBuilder("resources:\n");
    for (int i = 0; i < 20; i++) {
      Files.writeString(
          base.resolve("deploy-" + i + ".yaml"),
          deployment(i)
              .replace("${ENVIRONMENT}", "prod")
              .replace("${REGION}", "eu")
              .replace("${REPLICAS}", "1")
              .replace("${IMAGE}", "registry.example.com/team/app:1.0.0")
              .replace("  namespace: team-" + (i % 20) + "\n", ""));
      resources.append("- deploy-").append(i).append(".yaml\n");
    }
    Files.writeString(base.resolve("kustomization.yaml"), resources.toString());
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        "namespace: prod\nresources:\n- ../../base\nimages:\n- name: registry.example.com/team/app\n"
            + "  newTag: 1.2.3\n");
    long[] binary = new long[runs];
    long[] ours = new long[runs];
    Renderer renderer = new Renderer();
    for (int r = -1; r < runs; r++) { // r = -1 warms up both sides and is not counted
      ProcessBuilder pb = new ProcessBuilder(kubectl.toString(), "kustomize", overlay.toString());
      pb.environment().clear();
      pb.environment().put("HOME", work.toString());
      pb.redirectOutput(work.resolve("k-out.yaml").toFile());
      long start = System.nanoTime();
      run(pb);
      long direct0 = System.nanoTime() - start;
      start = System.nanoTime();
      renderer.render(
          RenderRequest.builder(work.resolve("k"), "prod")
              .engine(RenderEngine.KUSTOMIZE)
              .image("registry.example.com/team/app:1.2.3")
              .tools(new RenderRequest.ToolSettings(null, kubectl, Duration.ofMinutes(1)))
              .build(),
          ProgressListener.NONE);
      if (r >= 0) {
        binary[r] = direct0;
        ours[r] = System.nanoTime() - start;
      }
    }
    System.out.println("kustomize: overlay over a base of 20 Deployments");
    report("kubectl kustomize (process)", binary);
    report("Renderer, kustomize engine (validated)", ours);
  }

  /** The 1, 5 and 15 minute load averages: the machine is shared, so say how busy it was. */
  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return String.format(
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** CPU time of this JVM, all threads (GC and JIT included). */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException(pb.command() + " failed");
    }
  }

  private static Path tool(Path tools, String name) {
    List<Path> candidates = new ArrayList<>();
    if (tools != null) {
      candidates.add(tools.resolve(name));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, name));
      }
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(name + " not found; pass --tools DIR"));
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "  %-52s median %8.1f ms   min %8.1f ms   (%d runs)%n",
        what, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted.length);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
