package io.gitopspipeline.sync;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.OperationTimedOutException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A wait's whole state: a small serialisable value a host can persist and hand back to {@link
 * WaitRegistry#restore} after a restart.
 *
 * @param id the wait's id
 * @param revision the awaited revision
 * @param deadline when it times out
 * @param outcome where it stands
 * @param targets one status per target, in the request's order
 */
public record WaitState(
    String id, String revision, Instant deadline, WaitOutcome outcome, List<TargetStatus> targets)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public WaitState {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(outcome, "outcome");
    targets = List.copyOf(targets);
  }

  /** The state of a wait nothing has been heard about. */
  public static WaitState initial(WaitRequest request) {
    return new WaitState(
        request.id(),
        request.revision(),
        request.deadline(),
        WaitOutcome.WAITING,
        request.targets().stream().map(TargetStatus::unknown).toList());
  }

  /** The request this state answers, to re-register it. */
  public WaitRequest request() {
    return new WaitRequest(
        id, revision, targets.stream().map(TargetStatus::target).toList(), deadline);
  }

  WaitState with(WaitOutcome newOutcome, List<TargetStatus> newTargets) {
    return new WaitState(id, revision, deadline, newOutcome, newTargets);
  }

  /**
   * The state as plain maps, lists and strings (JSON-ready; what {@code gitops sync wait} prints
   * and a Pipeline step can return): {@code revision}, {@code outcome}, {@code deadline} and per
   * target its final state and the events seen.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("revision", revision);
    map.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    map.put("deadline", deadline.toString());
    List<Map<String, Object>> list = new ArrayList<>();
    for (TargetStatus status : targets) {
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("target", status.target().toString());
      target.put("phase", status.phase().name().toLowerCase(Locale.ROOT));
      target.put("revision", status.revision());
      target.put("health", status.health());
      target.put("reason", status.reason());
      target.put("message", status.message());
      target.put("time", status.time() == null ? null : status.time().toString());
      List<Map<String, Object>> events = new ArrayList<>();
      for (SyncEvent event : status.events()) {
        events.add(eventMap(event));
      }
      target.put("events", events);
      list.add(target);
    }
    map.put("targets", list);
    return map;
  }

  /** One event as plain maps and strings. */
  public static Map<String, Object> eventMap(SyncEvent event) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("source", event.source());
    map.put("target", event.target().toString());
    map.put("revision", event.revision());
    map.put("phase", event.phase().name().toLowerCase(Locale.ROOT));
    map.put("health", event.health());
    map.put("reason", event.reason());
    map.put("message", event.message());
    map.put("time", event.time() == null ? null : event.time().toString());
    return map;
  }

  /** One line per target. */
  public String summary() {
    return targets.stream().map(TargetStatus::describe).collect(Collectors.joining("\n"));
  }

  /**
   * Turns a finished wait into the shared failure types: nothing for {@link WaitOutcome#SUCCEEDED},
   * a {@link GitOpsException} (exit 1) naming the failed targets and the reconciler's message for
   * {@link WaitOutcome#FAILED}, an {@link OperationTimedOutException} (exit 3) with every target's
   * last known state for {@link WaitOutcome#TIMED_OUT}.
   */
  public void throwIfUnsuccessful() throws GitOpsException {
    String shortRevision = revision.length() > 12 ? revision.substring(0, 12) : revision;
    switch (outcome) {
      case SUCCEEDED -> {}
      case FAILED ->
          throw new GitOpsException(
              "the reconciler failed to apply revision "
                  + shortRevision
                  + ":\n"
                  + targets.stream()
                      .filter(t -> t.phase() == Phase.FAILED)
                      .map(TargetStatus::describe)
                      .collect(Collectors.joining("\n")));
      case TIMED_OUT ->
          throw new OperationTimedOutException(
              "revision "
                  + shortRevision
                  + " was not applied on every target by "
                  + deadline
                  + "; last known state:\n"
                  + summary());
      case CANCELLED ->
          throw new GitOpsException("the wait for " + shortRevision + " was cancelled");
      case WAITING ->
          throw new InvalidInputException("the wait for " + shortRevision + " has not finished");
    }
  }
}
