package io.gitopspipeline.api;

/** The caller's input cannot work; the message names the offending part and why. */
public class InvalidInputException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(FailureKind.INVALID_INPUT, message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(FailureKind.INVALID_INPUT, message, cause);
  }
}
