package io.gitopspipeline.scm;

import java.util.Objects;

/**
 * One file a promotion changed in the GitOps repository.
 *
 * @param path the path in the repository
 * @param type added, changed or removed
 */
public record FileChange(String path, Type type) {
  public enum Type {
    ADDED,
    CHANGED,
    REMOVED
  }

  public FileChange {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
  }
}
