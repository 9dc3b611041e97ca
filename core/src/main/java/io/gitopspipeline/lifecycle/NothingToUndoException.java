package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.GitOpsException;

/**
 * A rollback that undoes one promotion ({@link RollbackTarget.Undo}) found nothing of that
 * promotion left to undo: the environment moved on since (a newer promotion by another build, a
 * rollback of it already there, or a hand edit), so restoring the promotion before it would clobber
 * someone else's change. The message says which; nothing was written.
 */
public final class NothingToUndoException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  public NothingToUndoException(String message) {
    super(message);
  }
}
