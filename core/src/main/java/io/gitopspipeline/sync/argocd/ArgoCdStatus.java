package io.gitopspipeline.sync.argocd;

import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.Revisions;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import java.time.Instant;
import java.util.Set;

/**
 * The fields of an Argo CD Application's status that decide a wait, from a webhook or from the
 * Kubernetes API, and the one decision table both use.
 *
 * <p>Stale health: {@code status.health} describes what is running, which is what the last
 * <em>finished</em> sync operation applied ({@code operationState.syncResult.revision}), not {@code
 * status.sync.revision} (the newest commit Argo CD compared against). So health counts only for the
 * operation's revision, and only once that operation finished.
 *
 * @param syncRevision {@code status.sync.revision}
 * @param operationRevision {@code status.operationState.syncResult.revision}
 * @param operationPhase {@code status.operationState.phase}: Running, Terminating, Failed, Error,
 *     Succeeded, or empty when no operation ran
 * @param syncStatus {@code status.sync.status}: Synced, OutOfSync, Unknown
 * @param healthStatus {@code status.health.status}: Healthy, Progressing, Degraded, Missing,
 *     Suspended, Unknown
 */
public record ArgoCdStatus(
    String syncRevision,
    String operationRevision,
    String operationPhase,
    String syncStatus,
    String healthStatus) {
  private static final Set<String> FAILED_PHASES = Set.of("Failed", "Error");
  private static final Set<String> FAILED_HEALTH = Set.of("Degraded", "Missing");

  /** The normalised event; {@code time} may be null. */
  public SyncEvent toEvent(String source, Target target, String message, Instant time) {
    boolean operationFinished =
        operationPhase.equals("Succeeded") || FAILED_PHASES.contains(operationPhase);
    String revision = operationRevision.isEmpty() ? syncRevision : operationRevision;
    Phase phase;
    if (FAILED_PHASES.contains(operationPhase)) {
      phase = Phase.FAILED;
    } else if (!operationFinished || operationRevision.isEmpty()) {
      phase = Phase.PROGRESSING; // health without a finished operation for this revision is stale
    } else if (healthStatus.equals("Healthy")) {
      phase = Phase.SUCCEEDED;
    } else if (FAILED_HEALTH.contains(healthStatus)) {
      phase = Phase.FAILED;
    } else {
      phase = Phase.PROGRESSING;
    }
    String reason = !operationPhase.isEmpty() ? operationPhase : syncStatus;
    return new SyncEvent(
        source,
        target,
        Revisions.normalise(revision),
        phase,
        healthStatus.isEmpty() ? null : healthStatus,
        reason,
        message,
        time);
  }
}
