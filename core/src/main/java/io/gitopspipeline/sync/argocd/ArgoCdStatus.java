package io.gitopspipeline.sync.argocd;

import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.Revisions;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of an Argo CD Application's status that decide a wait, from a webhook or from the
 * Kubernetes API, and the one decision table both use.
 *
 * <p>Stale health: {@code status.health} describes what is running, which is what the last
 * <em>finished</em> sync operation applied ({@code operationState.syncResult.revision}), not {@code
 * status.sync.revision} (the newest commit Argo CD compared against). So health counts only for the
 * operation's revision, and only once that operation finished. Argo CD writes the operation's
 * result before it next assesses health, so a finished operation may still carry the health of the
 * previous rollout: health whose {@code lastTransitionTime} is before the operation started is not
 * yet known (the same test as Argo CD's {@code on-deployed} catalog trigger, against the start
 * rather than the end of the operation, because PostSync hooks wait for health before the operation
 * finishes).
 *
 * <p>Multi-source Applications report {@code revisions} lists instead of {@code revision}; their
 * status stands for each of the sources' revisions, so a wait on any of them matches.
 *
 * @param syncRevisions {@code status.sync.revision}, or the {@code status.sync.revisions} of a
 *     multi-source Application
 * @param operationRevisions {@code status.operationState.syncResult.revision}, or its {@code
 *     revisions}; empty when no operation result exists
 * @param operationPhase {@code status.operationState.phase}: Running, Terminating, Failed, Error,
 *     Succeeded, or empty when no operation ran
 * @param syncStatus {@code status.sync.status}: Synced, OutOfSync, Unknown
 * @param healthStatus {@code status.health.status}: Healthy, Progressing, Degraded, Missing,
 *     Suspended, Unknown
 * @param healthChangedAt {@code status.health.lastTransitionTime}, or {@code null} where Argo CD
 *     does not report it (then health is taken as it is)
 * @param startedAt {@code status.operationState.startedAt}, or {@code null}
 * @param finishedAt {@code status.operationState.finishedAt}, or {@code null}
 * @param reconciledAt {@code status.reconciledAt}, or {@code null}: when Argo CD last compared the
 *     Application with the latest manifests, writing health in the same update; it does so right
 *     after an operation completes, so a time after {@code finishedAt} means health was assessed
 *     after the sync even if it did not change
 */
public record ArgoCdStatus(
    List<String> syncRevisions,
    List<String> operationRevisions,
    String operationPhase,
    String syncStatus,
    String healthStatus,
    Instant healthChangedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant reconciledAt) {
  private static final Set<String> FAILED_PHASES = Set.of("Failed", "Error");
  private static final Set<String> FAILED_HEALTH = Set.of("Degraded", "Missing");

  public ArgoCdStatus {
    syncRevisions = nonEmpty(syncRevisions);
    operationRevisions = nonEmpty(operationRevisions);
    operationPhase = operationPhase == null ? "" : operationPhase;
    syncStatus = syncStatus == null ? "" : syncStatus;
    healthStatus = healthStatus == null ? "" : healthStatus;
  }

  /**
   * True when health changed before the operation started and was not assessed again after it
   * finished: it still describes the previous rollout.
   */
  public boolean healthIsStale() {
    boolean changedBefore =
        healthChangedAt != null && startedAt != null && healthChangedAt.isBefore(startedAt);
    boolean assessedAfter =
        reconciledAt != null && finishedAt != null && reconciledAt.isAfter(finishedAt);
    return changedBefore && !assessedAfter;
  }

  /**
   * The normalised events, one per revision the status is about (one for a single-source
   * Application); {@code time} may be null.
   */
  public List<SyncEvent> toEvents(String source, Target target, String message, Instant time) {
    boolean operationFinished =
        operationPhase.equals("Succeeded") || FAILED_PHASES.contains(operationPhase);
    List<String> revisions = operationRevisions.isEmpty() ? syncRevisions : operationRevisions;
    Phase phase;
    if (FAILED_PHASES.contains(operationPhase)) {
      phase = Phase.FAILED;
    } else if (!operationFinished || operationRevisions.isEmpty()) {
      phase = Phase.PROGRESSING; // health without a finished operation for this revision is stale
    } else if (healthIsStale()) {
      phase = Phase.PROGRESSING; // the operation finished, health was not assessed since
    } else if (healthStatus.equals("Healthy")) {
      phase = Phase.SUCCEEDED;
    } else if (FAILED_HEALTH.contains(healthStatus)) {
      phase = Phase.FAILED;
    } else {
      phase = Phase.PROGRESSING;
    }
    String reason = !operationPhase.isEmpty() ? operationPhase : syncStatus;
    String health = healthStatus.isEmpty() ? null : healthStatus;
    Set<String> normalised = new LinkedHashSet<>();
    for (String revision : revisions) {
      normalised.add(Revisions.normalise(revision));
    }
    if (normalised.isEmpty()) {
      normalised.add("");
    }
    List<SyncEvent> events = new ArrayList<>();
    for (String revision : normalised) {
      events.add(new SyncEvent(source, target, revision, phase, health, reason, message, time));
    }
    return List.copyOf(events);
  }

  /** The non-empty entries of a revision list. */
  private static List<String> nonEmpty(List<String> revisions) {
    List<String> kept = new ArrayList<>();
    if (revisions != null) {
      for (String revision : revisions) {
        if (revision != null && !revision.isBlank()) {
          kept.add(revision);
        }
      }
    }
    return List.copyOf(kept);
  }
}
