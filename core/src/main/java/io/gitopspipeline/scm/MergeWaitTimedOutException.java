package io.gitopspipeline.scm;

import io.gitopspipeline.api.OperationTimedOutException;

/** The pull request was still open at the deadline. */
public final class MergeWaitTimedOutException extends OperationTimedOutException {
  private static final long serialVersionUID = 1L;

  private final transient PullRequest lastSeen;

  public MergeWaitTimedOutException(String message, PullRequest lastSeen) {
    super(message);
    this.lastSeen = lastSeen;
  }

  /** The pull request as last seen, or null when it could not be read at all. */
  public PullRequest lastSeen() {
    return lastSeen;
  }
}
