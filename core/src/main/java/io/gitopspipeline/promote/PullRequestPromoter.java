package io.gitopspipeline.promote;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.SourceInfo;
import io.gitopspipeline.scm.FileChange;
import io.gitopspipeline.scm.PromotionChange;
import io.gitopspipeline.scm.PromotionPullRequests;
import io.gitopspipeline.scm.PullRequestOptions;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProviders;
import java.util.Objects;
import java.util.Optional;

/**
 * Promotes to the promotion branch and opens (or updates) its pull request.
 *
 * <p>The pull request is opened or updated whenever the promotion branch proposes a change, also
 * when this run pushed nothing because the branch already held it: a re-run after someone closed
 * the pull request opens it again, and an open one is refreshed rather than duplicated. When the
 * environment branch already holds the rendered state there is nothing to propose and no pull
 * request.
 */
public final class PullRequestPromoter {
  private static final String TOPIC = "promote";

  private final Promoter promoter;
  private final ScmConnection connection;
  private final ScmContext context;

  /**
   * @param connection the provider and repository of the pull request; it is only called once the
   *     promotion branch proposes a change
   */
  public PullRequestPromoter(Promoter promoter, ScmConnection connection, ScmContext context) {
    this.promoter = Objects.requireNonNull(promoter, "promoter");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * The promotion's outcome and, when the promotion branch proposes a change, its pull request.
   *
   * @param promotion a promotion in {@link PushMode#BRANCH} mode
   * @throws InvalidInputException when the promotion pushes straight to the environment branch
   */
  public Outcome promote(Promotion promotion, PullRequestOptions options, ProgressListener progress)
      throws GitOpsException {
    if (promotion.mode() != PushMode.BRANCH) {
      throw new InvalidInputException(
          "a pull request needs the promotion pushed to its own branch: use --mode branch (or"
              + " leave --mode out)");
    }
    PromotionResult result = promoter.promote(promotion, progress);
    if (result.branch().equals(promotion.branch())) {
      progress.info(
          TOPIC,
          result.secretValuesOnly()
              ? "only Secret values changed; there is no pull request to open"
              : promotion.branch()
                  + " already holds this promotion; there is no pull request to open");
      return new Outcome(result, Optional.empty());
    }
    SourceInfo source = promotion.source() == null ? SourceInfo.NONE : promotion.source();
    PromotionChange change =
        new PromotionChange(
            result.branch(),
            promotion.branch(),
            promotion.app(),
            promotion.environment(),
            source.image(),
            source.sourceCommit(),
            null,
            source.buildUrl(),
            FileChange.of(
                result.files().added(), result.files().modified(), result.files().removed()),
            result.diff().isEmpty() ? null : result.diff());
    PullRequestResult pullRequest =
        new PromotionPullRequests(ScmProviders.create(connection, context), context)
            .open(change, options);
    progress.info(
        TOPIC,
        "pull request #"
            + pullRequest.number()
            + " ("
            + pullRequest.state()
            + ") "
            + pullRequest.url());
    return new Outcome(result, Optional.of(pullRequest));
  }

  /**
   * @param promotion what was pushed
   * @param pullRequest the pull request proposing it, or empty when there is nothing to propose
   */
  public record Outcome(PromotionResult promotion, Optional<PullRequestResult> pullRequest) {
    public Outcome {
      Objects.requireNonNull(promotion, "promotion");
      Objects.requireNonNull(pullRequest, "pullRequest");
    }
  }
}
