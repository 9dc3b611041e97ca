package io.gitopspipeline.sync;

/**
 * Told about a wait's progress. Called on the thread that delivered the event (a webhook request, a
 * poll) or the registry's scheduler, never while the registry holds its lock; must not block.
 */
@FunctionalInterface
public interface WaitListener {
  /** Does nothing. */
  WaitListener NONE = state -> {};

  /** Called exactly once, when the wait succeeds, fails, times out or is cancelled. */
  void onComplete(WaitState state);

  /** Called when a target's status changed and the wait goes on (e.g. to log progress). */
  default void onUpdate(WaitState state) {}
}
