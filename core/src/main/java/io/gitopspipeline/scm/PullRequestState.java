package io.gitopspipeline.scm;

/** Where a pull request stands, in the terms every provider can map to. */
public enum PullRequestState {
  OPEN,
  MERGED,
  /** Closed, declined or abandoned without merging. */
  CLOSED;

  /** Lower-case, for JSON output. */
  public String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
