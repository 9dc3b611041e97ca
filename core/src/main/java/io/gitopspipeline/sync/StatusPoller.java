package io.gitopspipeline.sync;

import io.gitopspipeline.api.GitOpsException;
import java.util.List;

/**
 * Asks a reconciler's state instead of waiting to be told: for clusters that cannot reach the CI.
 * What it finds comes back as events, so polled and pushed information go through the same {@link
 * WaitRegistry} rules.
 */
@FunctionalInterface
public interface StatusPoller {
  /**
   * The target's current state.
   *
   * @param target the object to look at
   * @param revision the awaited revision (some sources are looked up by it)
   * @return events describing the state, empty when there is nothing to say yet
   * @throws GitOpsException when the source cannot be asked (the caller keeps polling)
   */
  List<SyncEvent> poll(Target target, String revision) throws GitOpsException;
}
