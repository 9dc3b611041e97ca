package io.gitopspipeline.sync;

/**
 * Answers whether a later GitOps revision contains an earlier one, so a wait for commit A succeeds
 * when the reconciler applied commit B built on top of A. {@link JGitRevisionAncestry} answers from
 * a local clone of the GitOps repository; {@link #EXACT} when none is available.
 */
@FunctionalInterface
public interface RevisionAncestry {
  /** Knows no history: a revision contains only itself. */
  RevisionAncestry EXACT = Revisions::same;

  /**
   * True when {@code descendant} is {@code ancestor} or has it in its history; false when it does
   * not or when that cannot be told (unknown commit, not a commit at all). Must be thread-safe and
   * must not throw.
   */
  boolean contains(String descendant, String ancestor);
}
