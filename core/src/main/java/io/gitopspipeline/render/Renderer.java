package io.gitopspipeline.render;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.yaml.YamlEditor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Renders an environment's manifests from a Helm chart, a Kustomize overlay or plain YAML:
 * environment values in, normalised raw manifests out, validated. The entry point of the render
 * capability.
 */
public final class Renderer {
  private static final String TOPIC = "render";
  private static final int MAX_PROBLEMS_SHOWN = 50;

  private final ProcessRunner runner;
  private final KustomizationImages kustomizationImages;
  private final KubernetesSerialization kubernetes;
  private final SchemaCheck schema;
  private final Map<String, String> toolVersions = new java.util.concurrent.ConcurrentHashMap<>();

  /** A renderer with the real adapters. */
  public Renderer() {
    this(new ProcessRunner(), new YamlKustomizationImages(new YamlEditor()));
  }

  Renderer(ProcessRunner runner, KustomizationImages kustomizationImages) {
    this.runner = runner;
    this.kustomizationImages = kustomizationImages;
    this.kubernetes = new KubernetesSerialization();
    this.schema = new SchemaCheck(kubernetes);
  }

  /**
   * Renders and validates.
   *
   * @throws InvalidInputException bad input: a missing source, an unknown environment, a template
   *     that does not render, a strict-mode variable without a value, a failed check
   * @throws GitOpsException an external program could not run
   */
  public RenderResult render(RenderRequest request, ProgressListener progress)
      throws GitOpsException {
    Path source = request.source().toAbsolutePath().normalize();
    if (!Files.isDirectory(source)) {
      throw new InvalidInputException("source " + request.source() + " is not a directory");
    }
    RenderEngine engineKind =
        request.engine() != null ? request.engine() : RenderEngine.detect(source);
    if (engineKind != RenderEngine.HELM && !request.setValues().isEmpty()) {
      throw new InvalidInputException(
          "--set values apply to Helm charts only; for the "
              + engineKind.id()
              + " engine pass substitution variables with --var NAME=VALUE");
    }
    EnvironmentValues values = EnvironmentValues.resolve(request, engineKind);
    Engine.ImageSpec image = imageSpec(request.image());
    Map<String, String> vars = variables(request, engineKind, values, image);
    FluxSubstitution substitution =
        new FluxSubstitution(vars, request.strictSubstitution(), request.substituteAlways());
    progress.info(
        TOPIC,
        "rendering "
            + source.getFileName()
            + " for "
            + request.environment()
            + " with the "
            + engineKind.id()
            + " engine"
            + (values.files().isEmpty()
                ? ""
                : " and " + values.files().size() + " values file(s)"));

    Engine.Output output;
    Path scratch = scratch();
    try {
      output = engine(engineKind).render(request, values, image, scratch, progress);
    } finally {
      deleteTree(scratch);
    }

    List<String> warnings = new ArrayList<>();
    List<Manifest> manifests = manifests(output.texts(), substitution, warnings);
    if (request.namespace() != null && !request.namespace().isBlank()) {
      manifests = withNamespace(manifests, request.namespace());
    }
    List<String> problems =
        new ManifestValidator(schema)
            .validate(manifests, request.validation(), image == null ? null : image.ref());
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problemsMessage(problems));
    }
    // Not one of the optional checks: --no-validate must not let a plaintext Secret through.
    SecretGuard.check(manifests, request.secrets());
    Map<String, String> files = new LinkedHashMap<>();
    List<Manifest> ordered = new ArrayList<>();
    List<Map.Entry<String, Manifest>> paths =
        new ArrayList<>(
            new OutputLayout(kubernetes).paths(manifests, request.namespace()).entrySet());
    // Each resource's text depends on it alone: many are written in parallel, kept in path order.
    Stream<Map.Entry<String, Manifest>> toWrite = paths.stream();
    if (paths.size() > PARALLEL_RESOURCES) {
      toWrite = toWrite.parallel();
    }
    List<String> texts = toWrite.map(e -> ManifestYaml.normalised(e.getValue().content())).toList();
    for (int i = 0; i < paths.size(); i++) {
      files.put(paths.get(i).getKey(), texts.get(i));
      ordered.add(paths.get(i).getValue());
    }
    progress.info(TOPIC, "rendered " + ordered.size() + " resources");
    return new RenderResult(
        engineKind,
        request.environment(),
        ordered,
        files,
        ManifestValidator.imagesOf(ordered),
        output.tools(),
        warnings);
  }

  /**
   * Writes a result as one file per resource into {@code out}, replacing the previous render there,
   * and summarises what changed against {@code compareTo} (or, when null, against what {@code out}
   * held before).
   */
  public RenderSummary write(RenderResult result, Path out, Path compareTo) throws GitOpsException {
    Path compared = compareTo != null ? compareTo : (Files.isDirectory(out) ? out : null);
    Map<String, byte[]> previous = OutputDirectory.read(compared);
    RenderSummary.Changes changes = OutputDirectory.compare(previous, result.files(), compared);
    OutputDirectory.write(out, result.files());
    return summary(result, out.toString(), changes);
  }

  /** Summarises a result that is streamed rather than written, comparing with {@code compareTo}. */
  public RenderSummary summarize(RenderResult result, Path compareTo) throws GitOpsException {
    RenderSummary.Changes changes =
        OutputDirectory.compare(OutputDirectory.read(compareTo), result.files(), compareTo);
    return summary(result, null, changes);
  }

  private static RenderSummary summary(
      RenderResult result, String out, RenderSummary.Changes changes) {
    Map<String, Integer> byKind = new TreeMap<>();
    for (Manifest m : result.manifests()) {
      byKind.merge(m.kind(), 1, Integer::sum);
    }
    return new RenderSummary(
        result.engine().id(),
        result.environment(),
        result.manifests().size(),
        byKind,
        result.images(),
        result.tools().stream()
            .map(t -> new RenderSummary.Tool(t.name(), t.path().toString(), t.version()))
            .toList(),
        out,
        changes,
        result.warnings());
  }

  private Engine engine(RenderEngine kind) {
    return switch (kind) {
      case PLAIN -> new PlainEngine();
      case KUSTOMIZE -> new KustomizeEngine(runner, kustomizationImages, toolVersions);
      case HELM -> new HelmEngine(runner, toolVersions);
    };
  }

  private static Engine.ImageSpec imageSpec(String image) throws InvalidInputException {
    if (image == null || image.isBlank()) {
      return null;
    }
    int eq = image.indexOf('=');
    String name = eq < 0 ? null : image.substring(0, eq).trim();
    ImageRef ref = ImageRef.parse(eq < 0 ? image : image.substring(eq + 1));
    if (name != null && name.isEmpty()) {
      throw new InvalidInputException("image '" + image + "' has an empty name before '='");
    }
    return new Engine.ImageSpec(name == null ? ref.repository() : name, ref);
  }

  /**
   * Substitution variables: for plain YAML and Kustomize the values files are flat variable maps;
   * then {@code --var}s; then, for plain YAML, the promoted image as IMAGE, IMAGE_REPOSITORY,
   * IMAGE_TAG and IMAGE_DIGEST.
   */
  private static Map<String, String> variables(
      RenderRequest request, RenderEngine engine, EnvironmentValues values, Engine.ImageSpec image)
      throws InvalidInputException {
    Map<String, String> vars = new LinkedHashMap<>();
    if (engine != RenderEngine.HELM) {
      vars.putAll(values.variables());
    }
    vars.putAll(request.vars());
    if (engine == RenderEngine.PLAIN && image != null) {
      vars.put("IMAGE", image.ref().reference());
      vars.put("IMAGE_REPOSITORY", image.ref().repository());
      vars.put("IMAGE_TAG", image.ref().tag());
      vars.put("IMAGE_DIGEST", image.ref().digest());
    }
    return vars;
  }

  /** One text's resources and missing variables, or the error it stopped at. */
  private record TextResult(
      List<Manifest> manifests,
      List<FluxSubstitution.Missing> missing,
      InvalidInputException error) {}

  /** Below this many resources their output is written on the calling thread. */
  private static final int PARALLEL_RESOURCES = 200;

  /** Below this much YAML a render stays on the calling thread. */
  private static final int PARALLEL_CHARS = 256 * 1024;

  private static List<Manifest> manifests(
      List<Engine.Text> texts, FluxSubstitution substitution, List<String> warnings)
      throws InvalidInputException {
    // Texts are independent: a large set is read in parallel, then joined in input order, so
    // the result (and which error is reported first) is what reading them one by one gives.
    long chars = texts.stream().mapToLong(t -> t.yaml().length()).sum();
    Stream<Engine.Text> stream = texts.stream();
    if (texts.size() > 1 && chars > PARALLEL_CHARS) {
      stream = stream.parallel();
    }
    List<TextResult> results = stream.map(text -> manifests(text, substitution)).toList();
    List<Manifest> manifests = new ArrayList<>();
    List<FluxSubstitution.Missing> missing = new ArrayList<>();
    for (TextResult result : results) {
      if (result.error() != null) {
        throw result.error();
      }
      manifests.addAll(result.manifests());
      missing.addAll(result.missing());
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(FluxSubstitution.describe(missing));
    }
    if (manifests.isEmpty()) {
      warnings.add("the source rendered no resources");
    }
    return manifests;
  }

  private static TextResult manifests(Engine.Text text, FluxSubstitution substitution) {
    List<Manifest> manifests = new ArrayList<>();
    List<FluxSubstitution.Missing> missing = new ArrayList<>();
    try {
      List<ManifestYaml.Document> documents = ManifestYaml.parseAll(text.yaml(), text.origin());
      for (int i = 0; i < documents.size(); i++) {
        ManifestYaml.Document doc = documents.get(i);
        String origin = text.origin() + (documents.size() > 1 ? " (document " + (i + 1) + ")" : "");
        org.snakeyaml.engine.v2.nodes.Node node = doc.node();
        boolean substituted = false;
        Object value = null;
        boolean converted = false;
        boolean substitute = substitution.active() && !FluxSubstitution.disabled(node);
        if (substitute) { // the shortcut where it provably equals Flux's round trip
          List<FluxSubstitution.Missing> found = new ArrayList<>();
          org.snakeyaml.engine.v2.nodes.Node direct =
              substitution.substituteScalars(node, origin, found);
          if (direct != null) {
            try {
              value = ManifestYaml.toJava(direct, origin);
              converted = true;
              missing.addAll(found);
            } catch (InvalidInputException e) {
              // the round trip below reports it, in Flux's words and with its line numbers
            }
          }
        }
        if (substitute && !converted) {
          String yaml = ManifestYaml.text(node);
          if (yaml.indexOf('$') >= 0) { // without a '$' substitution cannot change anything
            List<ManifestYaml.Document> again =
                ManifestYaml.parseAll(substitution.substitute(yaml, origin, missing), origin);
            if (again.size() != 1) {
              throw new InvalidInputException(
                  origin
                      + ": after substitution the resource is no longer one YAML document; check"
                      + " the variables' values for '---'");
            }
            node = again.get(0).node();
            substituted = true;
          }
        }
        if (!converted) {
          value = ManifestYaml.toJava(node, origin);
        }
        if (!(value instanceof Map<?, ?>)) {
          throw new InvalidInputException(
              origin
                  + (substituted
                      ? ": after substitution it is not a mapping"
                      : " is not a Kubernetes resource (a mapping with apiVersion and kind)"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) value;
        if ("List".equals(content.get("kind")) && content.get("items") instanceof List<?> items) {
          for (Object item : items) {
            if (item instanceof Map<?, ?> m) {
              @SuppressWarnings("unchecked")
              Map<String, Object> itemContent = (Map<String, Object>) m;
              manifests.add(new Manifest(itemContent, origin));
            }
          }
          continue;
        }
        manifests.add(new Manifest(content, origin));
      }
    } catch (InvalidInputException e) {
      return new TextResult(List.of(), List.of(), e);
    }
    return new TextResult(manifests, missing, null);
  }

  /** Writes the target namespace into namespaced resources that have none. */
  private List<Manifest> withNamespace(List<Manifest> manifests, String namespace) {
    OutputLayout layout = new OutputLayout(kubernetes);
    var clusterKinds = OutputLayout.clusterScopedCustomKinds(manifests);
    List<Manifest> result = new ArrayList<>(manifests.size());
    for (Manifest m : manifests) {
      if (m.namespace().isEmpty()
          && !layout.clusterScoped(m, clusterKinds)
          && m.content().get("metadata") instanceof Map<?, ?> metadata) {
        Map<String, Object> content = new LinkedHashMap<>(m.content());
        @SuppressWarnings("unchecked")
        Map<String, Object> newMetadata = new LinkedHashMap<>((Map<String, Object>) metadata);
        newMetadata.put("namespace", namespace);
        content.put("metadata", newMetadata);
        result.add(new Manifest(content, m.origin()));
      } else {
        result.add(m);
      }
    }
    return result;
  }

  private static String problemsMessage(List<String> problems) {
    StringBuilder b =
        new StringBuilder("the rendered manifests failed validation (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append("; fix the templates or values, or turn the check off with --no-validate):");
    problems.stream().limit(MAX_PROBLEMS_SHOWN).forEach(p -> b.append("\n  - ").append(p));
    if (problems.size() > MAX_PROBLEMS_SHOWN) {
      b.append("\n  ... and ").append(problems.size() - MAX_PROBLEMS_SHOWN).append(" more");
    }
    return b.toString();
  }

  private static Path scratch() throws GitOpsException {
    try {
      return Files.createTempDirectory("gitops-render-");
    } catch (IOException e) {
      throw new GitOpsException("could not create scratch space: " + e.getMessage());
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a leftover temp file is not worth failing a render for
                }
              });
    } catch (IOException e) {
      // as above
    }
  }
}
