package io.gitopspipeline.sync;

/** Where a wait stands. */
public enum WaitOutcome {
  /** Not decided yet. */
  WAITING,
  /** Every target succeeded for the revision (or a later one containing it). */
  SUCCEEDED,
  /** A target failed for the revision. */
  FAILED,
  /** The deadline passed first. */
  TIMED_OUT,
  /** The host cancelled it (a stopped build). */
  CANCELLED;

  public boolean isDone() {
    return this != WAITING;
  }
}
