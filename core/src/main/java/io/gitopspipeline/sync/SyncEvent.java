package io.gitopspipeline.sync;

import io.gitopspipeline.api.ControlCharacters;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing a reconciler reported about one target, whatever its source.
 *
 * @param source who reported it: {@code flux}, {@code argocd}, {@code gitops-connector}, {@code
 *     kubernetes} (polled), {@code commit-status} (polled)
 * @param target the reconciled object
 * @param revision the GitOps commit SHA when the source's revision holds one ({@code
 *     main@sha1:<sha>} becomes {@code <sha>}), else the revision as reported (a Helm chart
 *     version); empty when the source reports none
 * @param phase what the event means for that revision
 * @param health the source's health status where it reports one (Argo CD {@code Healthy}, {@code
 *     Degraded}...), else {@code null}
 * @param reason the source's reason, e.g. {@code ReconciliationSucceeded}, {@code
 *     HealthCheckFailed}, {@code Succeeded}
 * @param message the source's message, as sent, cut to {@link #MAX_MESSAGE} characters (Flux allows
 *     39,000; waits keep and persist their events)
 * @param time when the source says it happened (when it was received if the source says not)
 */
public record SyncEvent(
    String source,
    Target target,
    String revision,
    Phase phase,
    String health,
    String reason,
    String message,
    Instant time)
    implements Serializable {
  /** Longest message kept; longer ones end in {@code " [...]"}. */
  public static final int MAX_MESSAGE = 4096;

  public SyncEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(phase, "phase");
    revision = revision == null ? "" : revision;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 6) + " [...]";
    }
  }

  /** This event with {@code time} filled in when the source gave none. */
  public SyncEvent withTimeIfMissing(Instant fallback) {
    return time != null
        ? this
        : new SyncEvent(source, target, revision, phase, health, reason, message, fallback);
  }

  /**
   * One line for logs: {@code flux Kustomization/apps/podinfo 1eabc9a SUCCEEDED
   * ReconciliationSucceeded: ...}; control characters from the payload are escaped ({@link
   * ControlCharacters}), so a message cannot forge log lines or drive the terminal.
   */
  public String describe() {
    String shortRevision =
        Revisions.isCommit(revision)
            ? revision.substring(0, 12)
            : revision.isEmpty() ? "-" : revision;
    String text = message.length() > 200 ? message.substring(0, 200) + "..." : message;
    return ControlCharacters.escape(
        source
            + " "
            + target
            + " "
            + shortRevision
            + " "
            + phase
            + (health == null ? "" : " (" + health + ")")
            + (reason.isEmpty() ? "" : " " + reason)
            + (text.isEmpty() ? "" : ": " + text));
  }
}
