package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;

/**
 * The provider could not be reached or had a server error (5xx): worth retrying later, so a long
 * wait for a merge rides it out instead of failing.
 */
public class ScmUnavailableException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  public ScmUnavailableException(String message) {
    super(message);
  }
}
