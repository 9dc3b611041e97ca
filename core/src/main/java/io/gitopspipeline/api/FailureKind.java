package io.gitopspipeline.api;

/** Why an operation did not succeed; hosts map it to an exit code or a build result. */
public enum FailureKind {
  /** The operation ran and failed, e.g. the reconciler reported a failure or a push was refused. */
  FAILED(1),
  /** The caller gave input that cannot work: a malformed reference, a missing file, a bad flag. */
  INVALID_INPUT(2),
  /** The operation did not finish within its deadline. */
  TIMED_OUT(3);

  private final int exitCode;

  FailureKind(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The CLI's exit code for this kind of failure. */
  public int exitCode() {
    return exitCode;
  }
}
