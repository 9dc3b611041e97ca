package io.gitopspipeline.sync;

/** Where a reconciler is with a revision on one target. */
public enum Phase {
  /** Nothing heard about the revision yet. */
  UNKNOWN,
  /** Being applied, waiting for dependencies or health; not a final answer. */
  PROGRESSING,
  /** Applied and healthy. */
  SUCCEEDED,
  /** The reconciler gave up on it or it is unhealthy. */
  FAILED;

  /** True for {@link #SUCCEEDED} and {@link #FAILED}. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
