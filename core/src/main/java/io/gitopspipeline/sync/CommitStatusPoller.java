package io.gitopspipeline.sync;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Polls the commit statuses Flux's git providers write on the GitOps commit. Flux writes them only
 * from Kustomization events: its commit-status providers need a Git commit in the event's revision,
 * and helm-controller reports a chart version, so a HelmRelease (or an Argo CD Application) never
 * gets one and polling for it is refused with an error naming the Kustomization route. Their
 * context names kind and name but not namespace ({@code kustomization/podinfo/0c9c2e41}; Bitbucket
 * Cloud's status name {@code kustomization/podinfo}, Bitbucket Data Center's {@code
 * kustomization/podinfo [reconciliation succeeded]}), so events target any namespace. Bitbucket's
 * {@code successful}, {@code failed}, {@code cancelled} and {@code stopped} states are understood
 * with the others.
 */
public final class CommitStatusPoller implements StatusPoller {
  public static final String SOURCE = "commit-status";

  private static final Set<String> SUCCESS = Set.of("success", "succeeded", "successful");
  private static final Set<String> FAILURE =
      Set.of("failure", "failed", "error", "canceled", "cancelled", "stopped");

  private final CommitStatusSource statuses;

  public CommitStatusPoller(CommitStatusSource statuses) {
    this.statuses = statuses;
  }

  @Override
  public List<SyncEvent> poll(Target target, String revision) throws GitOpsException {
    if (!target.kind().equalsIgnoreCase("Kustomization")) {
      throw new InvalidInputException(
          "cannot wait for "
              + target
              + " through commit statuses: Flux writes them only from Kustomization events (a"
              + " HelmRelease reports a chart version, not a commit); name the Kustomization that"
              + " applies it, or wait through the webhook or Kubernetes polling");
    }
    List<SyncEvent> events = new ArrayList<>();
    for (CommitStatus status : statuses.statuses(revision)) {
      SyncEvent event = toEvent(status, revision);
      if (event != null && target.matches(event.target())) {
        events.add(event);
      }
    }
    return events;
  }

  /** The event a Flux commit status stands for, or null when its context is not Flux's. */
  static SyncEvent toEvent(CommitStatus status, String revision) {
    if (status.context() == null || status.state() == null) {
      return null;
    }
    String[] parts = status.context().split("/", -1);
    if (parts.length >= 2) {
      // Flux's bitbucketserver provider names a status "kind/name [description]"; a Kubernetes
      // name never holds a space
      int space = parts[1].indexOf(' ');
      parts[1] = space < 0 ? parts[1] : parts[1].substring(0, space);
    }
    if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return null;
    }
    String state = status.state().toLowerCase(Locale.ROOT);
    Phase phase =
        SUCCESS.contains(state)
            ? Phase.SUCCEEDED
            : FAILURE.contains(state) ? Phase.FAILED : Phase.PROGRESSING;
    String description = status.description() == null ? "" : status.description();
    return new SyncEvent(
        SOURCE,
        Target.of(parts[0], Target.ANY, parts[1]),
        Revisions.normalise(revision),
        phase,
        null,
        reasonOf(description),
        description,
        status.updatedAt());
  }

  /**
   * Flux writes the reason split into lowercase words: "health check failed" → HealthCheckFailed.
   */
  private static String reasonOf(String description) {
    StringBuilder reason = new StringBuilder();
    for (String word : description.trim().split("\\s+")) {
      if (!word.isEmpty()) {
        reason.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    return reason.toString();
  }
}
