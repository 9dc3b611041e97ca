package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The conventional layout that turns an environment name into values files:
 *
 * <pre>
 * deploy/                      the source: plain YAML, a kustomization, or a Helm chart
 *   overlays/&lt;env&gt;/           (Kustomize, optional) the overlay built for &lt;env&gt;
 *   environments/common.yaml    values shared by every environment (optional)
 *   environments/&lt;env&gt;.yaml    the environment's values
 * </pre>
 *
 * @param files values files in precedence order (shared, environment, explicit)
 * @param buildDirectory what the engine renders: the source, or the environment's overlay
 */
record EnvironmentValues(List<Path> files, Path buildDirectory) {
  static final String ENVIRONMENTS = "environments";
  static final String SHARED = "common.yaml";
  private static final Pattern ENV_NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?");

  static EnvironmentValues resolve(RenderRequest request, RenderEngine engine)
      throws InvalidInputException {
    String env = request.environment();
    if (!ENV_NAME.matcher(env).matches()) {
      throw new InvalidInputException(
          "environment '"
              + env
              + "' is not a valid name; use lowercase letters, digits, '.', '-'"
              + " and '_', starting and ending with a letter or digit (e.g. dev, prod-eu)");
    }
    Path source = request.source();
    Path envDir =
        request.environmentsDir() != null
            ? request.environmentsDir()
            : source.resolve(ENVIRONMENTS);
    Path build = source;
    if (engine == RenderEngine.KUSTOMIZE) {
      Path overlay = source.resolve("overlays").resolve(env);
      if (KustomizeEngine.kustomizationFile(overlay) != null) {
        build = overlay;
      }
    }
    // Nothing outside the source (or the environments folder the user named) is read, however
    // the folder or its files are linked.
    Path root = request.environmentsDir() != null ? envDir : source;
    if (request.environmentsDir() == null && Files.exists(envDir)) {
      requireInside(envDir, root, "the environments folder");
    }
    if (build != source) {
      requireInside(build, source, "the overlay folder");
    }
    List<Path> files = new ArrayList<>();
    Path shared = envDir.resolve(SHARED);
    if (Files.isRegularFile(shared)) {
      requireInside(shared, root, "values file");
      files.add(shared);
    }
    Path envFile = envDir.resolve(env + ".yaml");
    if (Files.isRegularFile(envFile)) {
      requireInside(envFile, root, "values file");
      files.add(envFile);
    } else if (Files.isDirectory(envDir) && build == source) {
      throw new InvalidInputException(
          "environment '"
              + env
              + "' has no values file "
              + envFile
              + "; known environments: "
              + known(envDir)
              + " (or pass the values with --values)");
    } else if (request.environmentsDir() != null) {
      throw new InvalidInputException(
          "environments directory " + envDir + " has no " + env + ".yaml");
    }
    for (Path file : request.valuesFiles()) {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException("values file " + file + " does not exist");
      }
      files.add(file);
    }
    return new EnvironmentValues(List.copyOf(files), build);
  }

  private static void requireInside(Path path, Path root, String what)
      throws InvalidInputException {
    Path real;
    Path realRoot;
    try {
      real = path.toRealPath();
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new InvalidInputException(what + " " + path + " cannot be read: " + e.getMessage());
    }
    if (!real.startsWith(realRoot)) {
      throw new InvalidInputException(
          what
              + " "
              + path
              + " is a symbolic link (or inside one) leading outside "
              + root
              + "; nothing outside it is read. Copy it in"
              + (what.equals("values file")
                  ? ", or pass the file with --values"
                  : what.equals("the environments folder")
                      ? ", or pass the folder with --environments"
                      : ""));
    }
  }

  private static String known(Path envDir) {
    try (Stream<Path> list = Files.list(envDir)) {
      List<String> names =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml") && !n.equals(SHARED))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
      return names.isEmpty() ? "none" : String.join(", ", names);
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The files read as Flux substitution variables: each a flat map of names to scalars, later files
   * winning.
   */
  Map<String, String> variables() throws InvalidInputException {
    Map<String, String> vars = new LinkedHashMap<>();
    for (Path file : files) {
      String text = YamlBudget.read(file, "values file");
      List<ManifestYaml.Document> docs = ManifestYaml.parseAll(text, file.toString());
      if (docs.isEmpty()) {
        continue;
      }
      if (docs.size() > 1
          || !(ManifestYaml.toJava(docs.get(0).node(), file.toString()) instanceof Map<?, ?> map)) {
        throw new InvalidInputException(
            "values file " + file + " must be one mapping of variable names to values");
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object value = e.getValue();
        if (value instanceof Map || value instanceof List) {
          throw new InvalidInputException(
              "values file "
                  + file
                  + ": '"
                  + e.getKey()
                  + "' is not a scalar; substitution"
                  + " variables are flat NAME: value pairs");
        }
        vars.put(String.valueOf(e.getKey()), scalarText(value));
      }
    }
    return vars;
  }

  private static String scalarText(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof BigDecimal d) {
      return d.toString();
    }
    return String.valueOf(value);
  }
}
