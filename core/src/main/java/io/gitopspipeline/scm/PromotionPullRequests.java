package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;
import java.util.Objects;

/**
 * Opens (or updates) the pull request for a promotion pushed to a branch: {@code gitops promote
 * --mode branch --pr PROVIDER}.
 */
public final class PromotionPullRequests {
  private final PullRequestService pullRequests;
  private final ScmProvider provider;

  public PromotionPullRequests(ScmProvider provider, ScmContext context) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.pullRequests = new PullRequestService(provider, context);
  }

  /**
   * Opens the pull request from {@code change.headBranch()} into {@code change.baseBranch()}, or
   * updates the open one (title, body, labels, reviewers); turns on auto-merge when asked.
   */
  public PullRequestResult open(PromotionChange change, PullRequestOptions options)
      throws GitOpsException {
    String title =
        options.title() == null || options.title().isBlank()
            ? PullRequestBody.title(change)
            : options.title();
    PullRequestSpec spec =
        new PullRequestSpec(
            change.headBranch(),
            change.baseBranch(),
            title,
            PullRequestBody.render(change, provider.maxBodyLength()),
            options.labels(),
            options.reviewers(),
            options.draft());
    PullRequest pullRequest = pullRequests.openOrUpdate(spec);
    if (options.autoMerge()) {
      pullRequests.enableAutoMerge(pullRequest);
    }
    return PullRequestResult.of(pullRequest);
  }
}
