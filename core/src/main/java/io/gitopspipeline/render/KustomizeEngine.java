package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Builds a Kustomize overlay with the real {@code kustomize build} (or {@code kubectl kustomize}).
 * The overlay and every local base it reaches are copied into scratch space first, and the promoted
 * image is set in the copy, so the user's tree is never written.
 */
final class KustomizeEngine implements Engine {
  static final List<String> KUSTOMIZATION_FILES =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
  private static final Pattern KUSTOMIZE_VERSION =
      Pattern.compile("(?:Kustomize Version: |kustomize/)?(v\\d+\\.\\d+\\.\\d+)");
  private static final Pattern KUBECTL_KUSTOMIZE_VERSION =
      Pattern.compile("Kustomize Version: (v\\d+\\.\\d+\\.\\d+)");

  /** The fields whose local entries are copied along with the overlay. */
  private static final Set<String> FIELDS = Set.of("resources", "bases", "components");

  private final ProcessRunner runner;
  private final KustomizationImages images;
  private final Map<String, String> versions;

  KustomizeEngine(ProcessRunner runner, KustomizationImages images, Map<String, String> versions) {
    this.runner = runner;
    this.images = images;
    this.versions = versions;
  }

  static Path kustomizationFile(Path dir) {
    for (String name : KUSTOMIZATION_FILES) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  @Override
  public Output render(
      RenderRequest request,
      EnvironmentValues values,
      ImageSpec image,
      Path scratch,
      ProgressListener progress)
      throws GitOpsException {
    Path build = values.buildDirectory().toAbsolutePath().normalize();
    if (kustomizationFile(build) == null) {
      throw new InvalidInputException(
          build + " has no kustomization.yaml; point --source at a Kustomize base or overlay");
    }
    ExternalTool tool = tool(request, scratch);
    progress.debug("render", "using " + tool.name() + " " + tool.version() + " at " + tool.path());

    Path root = copyRoot(build);
    Path tree = scratch.resolve("tree");
    String skipped = ScratchCopy.describeSkipped(root, ScratchCopy.copy(root, tree));
    if (skipped != null) {
      progress.warn("render", skipped);
    }
    Path scratchBuild = tree.resolve(root.relativize(build).toString());
    if (image != null) {
      images.setImage(kustomizationFile(scratchBuild), image.name(), image.ref());
      progress.info(
          "render",
          "set image " + image.name() + " to " + image.ref().reference() + " (scratch copy)");
    }
    List<String> command = new ArrayList<>();
    command.add(tool.path().toString());
    if (tool.name().equals("kubectl")) {
      command.add("kustomize");
    } else {
      command.add("build");
    }
    command.add("--"); // the directory is never read as an option, whatever its name
    command.add(scratchBuild.toString());
    ProcessRunner.Result result =
        runner.run(command, scratchBuild, cleanEnvironment(scratch), request.tools().timeout());
    if (result.exitCode() != 0) {
      throw new InvalidInputException(
          "kustomize build of "
              + build
              + " failed: "
              + ProcessRunner.stderrForMessage(result.stderr())
                  .replace(tree.toString(), root.toString()));
    }
    return new Output(
        List.of(new Text(result.stdout(), "kustomize build " + build.getFileName())),
        List.of(tool));
  }

  private ExternalTool tool(RenderRequest request, Path scratch) throws GitOpsException {
    Path path =
        ExternalTool.locate(
            request.tools().kustomize(), List.of("kustomize", "kubectl"), "kustomize (or kubectl)");
    boolean kubectl = path.getFileName().toString().startsWith("kubectl");
    String version =
        kubectl
            ? ExternalTool.version(
                runner,
                path,
                List.of("version", "--client"),
                KUBECTL_KUSTOMIZE_VERSION,
                scratch,
                cleanEnvironment(scratch),
                versions)
            : ExternalTool.version(
                runner,
                path,
                List.of("version"),
                KUSTOMIZE_VERSION,
                scratch,
                cleanEnvironment(scratch),
                versions);
    ExternalTool tool = new ExternalTool(kubectl ? "kubectl" : "kustomize", path, version);
    if (tool.major() < 4) {
      throw new InvalidInputException(
          tool.name()
              + " at "
              + path
              + " has kustomize "
              + version
              + "; version 4 or later is"
              + " needed (5 recommended)");
    }
    return tool;
  }

  static Map<String, String> cleanEnvironment(Path scratch) {
    return Map.of(
        "HOME", scratch.toString(),
        "KUBECONFIG", scratch.resolve("no-kubeconfig").toString(),
        "XDG_CONFIG_HOME", scratch.resolve("config").toString(),
        "LANG", "C.UTF-8");
  }

  /**
   * The nearest directory holding the overlay and every local directory it reaches through {@code
   * resources}, {@code bases} and {@code components}: copying it keeps relative paths working.
   */
  static Path copyRoot(Path build) throws InvalidInputException {
    Set<Path> seen = new LinkedHashSet<>();
    Deque<Path> todo = new ArrayDeque<>();
    todo.add(build);
    Path root = build;
    while (!todo.isEmpty()) {
      Path dir = todo.pop();
      if (!seen.add(dir)) {
        continue;
      }
      root = commonAncestor(root, dir);
      Path file = kustomizationFile(dir);
      if (file == null || !insideWithoutLinks(dir, file.getFileName().toString())) {
        continue; // a linked kustomization file is not read (nor copied, see ScratchCopy)
      }
      for (String ref : references(file)) {
        if (ref.contains("://") || ref.startsWith("git@") || ref.startsWith("github.com/")) {
          continue; // remote: kustomize fetches it itself (needs network)
        }
        if (!insideWithoutLinks(dir, ref)) {
          continue; // reached through a symbolic link: neither read nor copied
        }
        Path target = dir.resolve(ref).normalize();
        if (Files.isDirectory(target)) {
          todo.add(target);
        } else if (Files.exists(target)) {
          root = commonAncestor(root, target.getParent());
        }
      }
    }
    return root;
  }

  /**
   * True when {@code dir/ref} exists and is reached without following a symbolic link: its real
   * path is the textual one. A reference through a link is left to kustomize, which fails on the
   * scratch copy that does not have it.
   */
  private static boolean insideWithoutLinks(Path dir, String ref) {
    try {
      Path real = dir.toRealPath().resolve(ref).normalize();
      return real.equals(real.toRealPath());
    } catch (IOException | java.nio.file.InvalidPathException e) {
      return false;
    }
  }

  private static List<String> references(Path kustomization) throws InvalidInputException {
    List<ManifestYaml.Document> docs =
        ManifestYaml.parseAll(
            YamlBudget.read(kustomization, "kustomization file"), kustomization.toString());
    List<String> refs = new ArrayList<>();
    if (!docs.isEmpty() && docs.get(0).node() instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key
            && FIELDS.contains(key.getValue())
            && tuple.getValueNode() instanceof SequenceNode list) {
          for (Node each : list.getValue()) {
            if (each instanceof ScalarNode s) {
              refs.add(s.getValue());
            }
          }
        }
      }
    }
    return refs;
  }

  private static Path commonAncestor(Path a, Path b) {
    Path candidate = a;
    while (candidate != null && !b.startsWith(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? b.getRoot() : candidate;
  }
}
