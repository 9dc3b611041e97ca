package io.gitopspipeline.api;

import java.util.Objects;

/**
 * A failure the user can act on. The message says what was wrong and what to do about it; it never
 * contains a secret, so hosts may print it as it is.
 */
public class GitOpsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final FailureKind kind;

  public GitOpsException(String message) {
    this(FailureKind.FAILED, message, null);
  }

  public GitOpsException(String message, Throwable cause) {
    this(FailureKind.FAILED, message, cause);
  }

  protected GitOpsException(FailureKind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public FailureKind kind() {
    return kind;
  }
}
