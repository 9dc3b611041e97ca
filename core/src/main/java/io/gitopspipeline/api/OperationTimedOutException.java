package io.gitopspipeline.api;

/** A deadline passed; the message reports the last known state. */
public class OperationTimedOutException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  public OperationTimedOutException(String message) {
    super(FailureKind.TIMED_OUT, message, null);
  }

  public OperationTimedOutException(String message, Throwable cause) {
    super(FailureKind.TIMED_OUT, message, cause);
  }
}
