package io.gitopspipeline.lifecycle;

/** How a promotion reached the environment branch. */
public enum Arrival {
  /** The promotion commit was pushed to the branch (or squashed or rebased onto it). */
  DIRECT,
  /** A merge commit brought it in from the promotion branch: a merged pull request. */
  PULL_REQUEST;

  /** The name in JSON and text: {@code direct}, {@code pull-request}. */
  public String jsonName() {
    return this == DIRECT ? "direct" : "pull-request";
  }
}
