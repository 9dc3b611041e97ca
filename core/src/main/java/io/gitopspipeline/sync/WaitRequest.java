package io.gitopspipeline.sync;

import io.gitopspipeline.api.InvalidInputException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What to wait for: a GitOps revision applied and healthy on every target before a deadline.
 *
 * @param id identifies the wait (a host's correlation key); unique within a registry
 * @param revision the GitOps commit SHA (full or at least 7 hex characters), or for a HelmRelease
 *     the chart version it reports
 * @param targets the reconciled objects that must all succeed; at least one, no duplicates
 * @param deadline when the wait times out (absolute, so it survives a restart)
 */
public record WaitRequest(String id, String revision, List<Target> targets, Instant deadline)
    implements Serializable {
  public WaitRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(deadline, "deadline");
    targets = List.copyOf(targets);
  }

  /**
   * A validated request with a random id.
   *
   * @throws InvalidInputException for an empty revision, no targets or duplicate targets
   */
  public static WaitRequest of(String revision, List<Target> targets, Duration timeout, Clock clock)
      throws InvalidInputException {
    if (revision == null || revision.isBlank()) {
      throw new InvalidInputException(
          "revision is empty; give the GitOps commit SHA the reconciler should apply");
    }
    if (targets == null || targets.isEmpty()) {
      throw new InvalidInputException(
          "no target given; name at least one, e.g. Kustomization/flux-system/apps");
    }
    if (new HashSet<>(targets).size() != targets.size()) {
      throw new InvalidInputException("a target is given twice; name each one once");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException("timeout must be positive, e.g. 10m");
    }
    String trimmed = revision.trim();
    return new WaitRequest(
        UUID.randomUUID().toString(),
        Revisions.isCommit(trimmed) ? trimmed.toLowerCase(java.util.Locale.ROOT) : trimmed,
        targets,
        clock.instant().plus(timeout));
  }
}
