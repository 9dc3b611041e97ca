package io.gitopspipeline.repo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Files promoted beside the rendered manifests, e.g. the templates and values they came from.
 *
 * @param source a file, or a directory whose whole content is copied
 * @param target the repository path to write to: for a directory, the directory made to equal
 *     {@code source} exactly (like the app's directory); for a file, the file itself. Placeholders
 *     {@code {app}} and {@code {env}} are replaced.
 */
public record ExtraFiles(Path source, String target) {
  public ExtraFiles {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
  }
}
