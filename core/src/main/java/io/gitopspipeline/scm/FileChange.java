package io.gitopspipeline.scm;

import java.util.ArrayList;
import java.util.List;
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

  /** The changes from three path lists, as promote reports them (added, modified, removed). */
  public static List<FileChange> of(
      List<String> added, List<String> changed, List<String> removed) {
    List<FileChange> changes = new ArrayList<>();
    added.forEach(path -> changes.add(new FileChange(path, Type.ADDED)));
    changed.forEach(path -> changes.add(new FileChange(path, Type.CHANGED)));
    removed.forEach(path -> changes.add(new FileChange(path, Type.REMOVED)));
    return List.copyOf(changes);
  }
}
