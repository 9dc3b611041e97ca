package io.gitopspipeline.sync;

import io.gitopspipeline.api.ControlCharacters;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The last known state of one target of a wait.
 *
 * @param target the wait's target
 * @param phase {@link Phase#UNKNOWN} until an event about the revision (or a later one containing
 *     it) arrives
 * @param revision the revision the phase is about (the wait's, or a later one containing it)
 * @param health the source's health status, if it reports one
 * @param reason the reason of the event that set the phase
 * @param message its message
 * @param time its time
 * @param events the events that counted for this target, oldest first (at most {@link #MAX_EVENTS},
 *     the latest kept)
 */
public record TargetStatus(
    Target target,
    Phase phase,
    String revision,
    String health,
    String reason,
    String message,
    Instant time,
    List<SyncEvent> events)
    implements Serializable {
  /** How many events a status keeps, so a persisted wait stays small. */
  public static final int MAX_EVENTS = 8;

  public TargetStatus {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(phase, "phase");
    revision = revision == null ? "" : revision;
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    events = List.copyOf(events);
  }

  /** Nothing heard yet. */
  public static TargetStatus unknown(Target target) {
    return new TargetStatus(target, Phase.UNKNOWN, "", null, "", "", null, List.of());
  }

  /** This status after {@code event} counted. */
  TargetStatus with(SyncEvent event) {
    List<SyncEvent> seen;
    if (events.size() < MAX_EVENTS) {
      seen = new java.util.ArrayList<>(events.size() + 1);
      seen.addAll(events);
    } else {
      seen = new java.util.ArrayList<>(events.subList(1, events.size()));
    }
    seen.add(event);
    return new TargetStatus(
        target,
        event.phase(),
        event.revision(),
        event.health(),
        event.reason(),
        event.message(),
        event.time(),
        seen);
  }

  /**
   * One line: {@code Kustomization/apps/podinfo: FAILED at 1eabc9a... (HealthCheckFailed: ...)};
   * control characters from the reconciler's reason and message are escaped.
   */
  public String describe() {
    if (phase == Phase.UNKNOWN) {
      return ControlCharacters.escape(target + ": no event about the revision yet");
    }
    return ControlCharacters.escape(
        target
            + ": "
            + phase
            + " at "
            + revision
            + (health == null ? "" : " health " + health)
            + (reason.isEmpty() && message.isEmpty()
                ? ""
                : " (" + reason + (message.isEmpty() ? "" : ": " + message) + ")"));
  }
}
