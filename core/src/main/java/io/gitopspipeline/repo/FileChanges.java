package io.gitopspipeline.repo;

import java.util.List;

/**
 * What a promotion changed, as repository-relative paths in sorted order.
 *
 * @param added files that did not exist before
 * @param modified files whose content changed
 * @param removed files that no longer belong to the app's directory
 */
public record FileChanges(List<String> added, List<String> modified, List<String> removed) {
  public FileChanges {
    added = List.copyOf(added);
    modified = List.copyOf(modified);
    removed = List.copyOf(removed);
  }

  /** How many files changed in all; not a bean getter, so JSON keeps exactly the three lists. */
  public int count() {
    return added.size() + modified.size() + removed.size();
  }

  public static FileChanges none() {
    return new FileChanges(List.of(), List.of(), List.of());
  }
}
