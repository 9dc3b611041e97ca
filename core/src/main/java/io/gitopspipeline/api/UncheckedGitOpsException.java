package io.gitopspipeline.api;

/**
 * Carries a {@link GitOpsException} through code that cannot throw checked exceptions (streams,
 * callbacks); unwrap it at the boundary with {@link #getCause()}.
 */
public final class UncheckedGitOpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UncheckedGitOpsException(GitOpsException cause) {
    super(cause.getMessage(), cause);
  }

  @Override
  public synchronized GitOpsException getCause() {
    return (GitOpsException) super.getCause();
  }
}
