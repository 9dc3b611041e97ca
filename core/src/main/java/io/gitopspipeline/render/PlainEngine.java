package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of YAML manifests, read in path order. The environments folder and hidden entries are
 * not manifests; symbolic links are not followed, so a link cannot pull in files from outside the
 * source.
 */
final class PlainEngine implements Engine {
  @Override
  public Output render(
      RenderRequest request,
      EnvironmentValues values,
      ImageSpec image,
      Path scratch,
      ProgressListener progress)
      throws GitOpsException {
    Path source = request.source();
    Path envDir =
        (request.environmentsDir() != null
                ? request.environmentsDir()
                : source.resolve(EnvironmentValues.ENVIRONMENTS))
            .toAbsolutePath()
            .normalize();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(source)) {
      files =
          walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
              .filter(p -> isYaml(p.getFileName().toString()))
              .filter(p -> !p.toAbsolutePath().normalize().startsWith(envDir))
              .filter(p -> !hidden(source.relativize(p)))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new InvalidInputException("source " + source + " cannot be read: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "source " + source + " has no .yaml or .yml files; point --source at the manifests");
    }
    List<Text> texts = new ArrayList<>();
    for (Path file : files) {
      texts.add(new Text(YamlBudget.read(file, "manifest"), source.relativize(file).toString()));
    }
    progress.debug("render", "read " + files.size() + " manifest files from " + source);
    return new Output(texts, List.of());
  }

  private static boolean isYaml(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
