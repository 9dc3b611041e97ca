package io.gitopspipeline.repo;

/** Where a promotion's commit goes. */
public enum PushMode {
  /** Straight onto the environment branch, fast-forward only; re-applied when the branch moved. */
  DIRECT,
  /**
   * Onto the promotion branch {@code gitops/<env>/<app>}, based on the environment branch's tip, so
   * a pull request can merge it; a newer build replaces that branch (force-with-lease).
   */
  BRANCH
}
