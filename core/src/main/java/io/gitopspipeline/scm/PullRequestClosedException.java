package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;

/** The pull request was closed without merging; the promotion did not happen. */
public final class PullRequestClosedException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  private final transient PullRequest pullRequest;

  public PullRequestClosedException(String message, PullRequest pullRequest) {
    super(message);
    this.pullRequest = pullRequest;
  }

  /** The pull request as last seen: closed, with who closed it where the provider says. */
  public PullRequest pullRequest() {
    return pullRequest;
  }
}
