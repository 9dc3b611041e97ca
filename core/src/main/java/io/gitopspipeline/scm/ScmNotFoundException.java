package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;

/** The provider answered "not found": a repository, branch, pull request or commit is missing. */
public class ScmNotFoundException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  public ScmNotFoundException(String message) {
    super(message);
  }
}
