package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Renders a Helm chart with the real {@code helm template}. Helm runs with its home, cache and
 * repository configuration inside scratch space, so no user repository or plugin is used and
 * nothing is fetched: chart dependencies must be in the chart's {@code charts/} folder. It renders
 * a {@link ScratchCopy} of the chart, so no symbolic link takes it outside the chart.
 */
final class HelmEngine implements Engine {
  private static final Pattern HELM_VERSION = Pattern.compile("(v\\d+\\.\\d+\\.\\d+)");
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (.+)$");
  private static final Pattern DOC_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");

  /**
   * Helm's own rule for release names (pkg/chartutil ValidateReleaseName): DNS-1123 labels joined
   * by dots, at most 53 characters so that names built from it stay within Kubernetes' 63.
   */
  private static final Pattern RELEASE_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  static final int MAX_RELEASE_NAME = 53;

  private final ProcessRunner runner;
  private final Map<String, String> versions;

  HelmEngine(ProcessRunner runner, Map<String, String> versions) {
    this.runner = runner;
    this.versions = versions;
  }

  @Override
  public Output render(
      RenderRequest request,
      EnvironmentValues values,
      ImageSpec image,
      Path scratch,
      ProgressListener progress)
      throws GitOpsException {
    Path chart = request.source().toAbsolutePath().normalize();
    if (request.releaseName() != null) {
      checkReleaseName(request.releaseName(), "release name");
    }
    if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
      throw new InvalidInputException(
          chart + " has no Chart.yaml; point --source at a Helm chart directory");
    }
    // Helm follows symbolic links (in templates/, for .Files.Get): it renders a copy that has
    // only what is inside the chart.
    Path copy = scratch.resolve("chart").resolve(chart.getFileName().toString());
    String skipped = ScratchCopy.describeSkipped(chart, ScratchCopy.copy(chart, copy));
    if (skipped != null) {
      progress.warn("render", skipped);
    }
    Path chartYaml = copy.resolve("Chart.yaml");
    if (!Files.isRegularFile(chartYaml, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          chart + "/Chart.yaml is a symbolic link to outside the chart; make it a file");
    }
    String release =
        request.releaseName() != null
            ? request.releaseName()
            : checkReleaseName(chartName(chartYaml, chart), "release name (the chart's name)");
    Map<String, String> env = environment(scratch);
    Path helm = ExternalTool.locate(request.tools().helm(), List.of("helm"), "helm");
    ExternalTool tool =
        new ExternalTool(
            "helm",
            helm,
            ExternalTool.version(
                runner, helm, List.of("version", "--short"), HELM_VERSION, scratch, env, versions));
    if (tool.major() < 3) {
      throw new InvalidInputException(
          "helm at " + helm + " is " + tool.version() + "; Helm 3 or later is needed");
    }
    progress.debug("render", "using helm " + tool.version() + " at " + helm);

    // Every option as --name=value and the positionals after "--": no value, however it starts,
    // can be read by helm as another option (a release "--set-file=..." would read local files).
    List<String> command = new ArrayList<>();
    command.add(helm.toString());
    command.add("template");
    if (request.namespace() != null) {
      command.add("--namespace=" + request.namespace());
    }
    for (Path file : values.files()) {
      // Helm parses them itself; checked here too, so an alias bomb fails at once and alike.
      YamlBudget.checkText(YamlBudget.read(file, "values file"), file.toString());
      command.add("--values=" + file.toAbsolutePath());
    }
    if (image != null) {
      command.add("--values=" + imageValues(request.helm(), image.ref(), scratch));
    }
    for (Map.Entry<String, String> set : request.setValues().entrySet()) {
      command.add("--set=" + set.getKey() + "=" + set.getValue());
    }
    if (request.helm().kubeVersion() != null) {
      command.add("--kube-version=" + request.helm().kubeVersion());
    }
    for (String apiVersion : request.helm().apiVersions()) {
      command.add("--api-versions=" + apiVersion);
    }
    command.add(request.helm().includeCrds() ? "--include-crds" : "--skip-crds");
    command.add("--");
    command.add(release);
    command.add(copy.toString());
    ProcessRunner.Result result = runner.run(command, scratch, env, request.tools().timeout());
    if (result.exitCode() != 0) {
      String stderr =
          ProcessRunner.stderrForMessage(result.stderr())
              .replace(copy.toString(), chart.toString());
      String hint =
          stderr.contains("missing in charts/")
              ? "; put the dependencies into the chart's charts/ folder (helm dependency build)"
              : "";
      throw new InvalidInputException("helm template of " + chart + " failed: " + stderr + hint);
    }
    return new Output(split(result.stdout(), chart.getFileName().toString()), List.of(tool));
  }

  /** The name when Helm accepts it as a release name; else why not, naming {@code what}. */
  static String checkReleaseName(String name, String what) throws InvalidInputException {
    if (name.length() > MAX_RELEASE_NAME || !RELEASE_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          what
              + " '"
              + Printable.of(name)
              + "' is not valid: Helm needs at most "
              + MAX_RELEASE_NAME
              + " lowercase letters, digits, '-' and '.', starting and ending with a letter or"
              + " digit (e.g. shop or shop-prod)");
    }
    return name;
  }

  /** One text per document, named after helm's {@code # Source:} comment. */
  static List<Text> split(String stdout, String chartName) {
    List<Text> texts = new ArrayList<>();
    for (String part : DOC_SEPARATOR.split(stdout)) {
      if (part.isBlank()) {
        continue;
      }
      Matcher source = SOURCE.matcher(part);
      String origin = source.find() ? source.group(1).trim() : "helm template " + chartName;
      texts.add(new Text(part, origin));
    }
    return texts;
  }

  static Map<String, String> environment(Path scratch) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", scratch.toString());
    env.put("HELM_CACHE_HOME", scratch.resolve("helm/cache").toString());
    env.put("HELM_CONFIG_HOME", scratch.resolve("helm/config").toString());
    env.put("HELM_DATA_HOME", scratch.resolve("helm/data").toString());
    env.put("KUBECONFIG", scratch.resolve("no-kubeconfig").toString());
    env.put("LANG", "C.UTF-8");
    return env;
  }

  private static String chartName(Path chartYaml, Path chart) throws InvalidInputException {
    List<ManifestYaml.Document> docs =
        ManifestYaml.parseAll(
            YamlBudget.read(chartYaml, "chart file"), chart.resolve("Chart.yaml").toString());
    String name = docs.isEmpty() ? null : ManifestYaml.scalarAt(docs.get(0).node(), "name");
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException(
          chart.resolve("Chart.yaml") + " has no name; give one or pass --release");
    }
    return name;
  }

  /** The promoted image as a values file, so no quoting of --set is involved. */
  private static Path imageValues(RenderRequest.HelmSettings settings, ImageRef image, Path scratch)
      throws GitOpsException {
    Map<String, Object> values = new LinkedHashMap<>();
    put(values, settings.imageRepositoryKey(), image.repository());
    if (!image.tag().isEmpty()) {
      put(values, settings.imageTagKey(), image.tag());
    }
    if (!image.digest().isEmpty()) {
      put(values, settings.imageDigestKey(), image.digest());
    }
    Path file = scratch.resolve("pipeline-image-values.yaml");
    try {
      Files.writeString(
          file,
          new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
              .dumpToString(values));
    } catch (IOException e) {
      throw new GitOpsException("could not write the image values file: " + e.getMessage());
    }
    return file;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> values, String dottedKey, String value) {
    String[] parts = dottedKey.split("\\.");
    Map<String, Object> current = values;
    for (int i = 0; i < parts.length - 1; i++) {
      current = (Map<String, Object>) current.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
    }
    current.put(parts[parts.length - 1], value);
  }
}
