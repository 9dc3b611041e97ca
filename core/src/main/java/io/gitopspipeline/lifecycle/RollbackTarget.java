package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.InvalidInputException;

/** Which earlier promotion a rollback restores: exactly one of the three ways to name it. */
public sealed interface RollbackTarget {
  /** A promotion commit (or the merge that brought it in), full or abbreviated (4+ hex digits). */
  record ToCommit(String commit) implements RollbackTarget {}

  /** The promotion {@code steps} before the current one (1: the previous promotion). */
  record Steps(int steps) implements RollbackTarget {}

  /** The newest promotion of exactly this image reference. */
  record ToImage(String image) implements RollbackTarget {}

  /**
   * The promotion before {@code commit}: undoes exactly that promotion (a build's own, e.g. after
   * its sync failed). Refused with {@link NothingToUndoException} rather than clobbering anything
   * when the environment moved on since: a newer promotion, a rollback of it already there, or a
   * hand edit of the directory.
   *
   * @param commit the promotion commit to undo, or the merge that brought it in (full SHA-1)
   */
  record Undo(String commit) implements RollbackTarget {}

  /** Exactly one of the three, else a clear error naming the options. */
  static RollbackTarget of(String commit, Integer steps, String image)
      throws InvalidInputException {
    int given = (commit != null ? 1 : 0) + (steps != null ? 1 : 0) + (image != null ? 1 : 0);
    if (given != 1) {
      throw new InvalidInputException(
          "give exactly one of --to COMMIT, --steps N or --to-image REF to say what to roll back"
              + " to");
    }
    if (commit != null) {
      return new ToCommit(commit);
    }
    return steps != null ? new Steps(steps) : new ToImage(image);
  }
}
