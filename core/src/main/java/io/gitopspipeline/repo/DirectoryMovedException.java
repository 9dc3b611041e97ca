package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;

/**
 * A promotion planned against one state of its directory ({@link Promotion#expectedTree()}) found
 * another on the branch's tip: someone promoted or edited it meanwhile, and writing this promotion
 * would overwrite that. Nothing was pushed.
 */
public final class DirectoryMovedException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  public DirectoryMovedException(String message) {
    super(message);
  }
}
