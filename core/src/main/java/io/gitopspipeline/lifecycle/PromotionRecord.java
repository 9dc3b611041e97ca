package io.gitopspipeline.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One promotion as the environment branch records it.
 *
 * @param commit the commit on the environment branch: the promotion commit itself, or the merge
 *     commit that brought it in
 * @param promotionCommit the commit carrying the trailers (equal to {@code commit} when pushed
 *     directly)
 * @param time when it arrived on the branch: the commit time of {@code commit} (for a merged pull
 *     request, the merge's time)
 * @param app the app's name ({@code GitOps-App})
 * @param environment the environment's name ({@code GitOps-Environment})
 * @param image the promoted image, or {@code null}
 * @param sourceRepository the app's source repository, or {@code null}
 * @param sourceCommit the built source commit, or {@code null}
 * @param buildUrl the build that promoted, or {@code null}
 * @param rollbackOf for a rollback, the commit it undid, else {@code null}
 * @param arrival direct push or merged pull request
 */
public record PromotionRecord(
    String commit,
    String promotionCommit,
    Instant time,
    String app,
    String environment,
    String image,
    String sourceRepository,
    String sourceCommit,
    String buildUrl,
    String rollbackOf,
    Arrival arrival) {
  public PromotionRecord {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(promotionCommit, "promotionCommit");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(arrival, "arrival");
  }

  static PromotionRecord of(
      String commit, String promotionCommit, Instant time, Trailers t, Arrival arrival) {
    return new PromotionRecord(
        commit,
        promotionCommit,
        time,
        t.app(),
        t.environment(),
        t.image(),
        t.sourceRepository(),
        t.sourceCommit(),
        t.buildUrl(),
        t.rollbackOf(),
        arrival);
  }

  /** Whether this promotion was a rollback. */
  public boolean isRollback() {
    return rollbackOf != null;
  }
}
