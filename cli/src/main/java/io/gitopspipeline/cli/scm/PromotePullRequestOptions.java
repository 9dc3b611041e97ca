package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.scm.PromotionChange;
import io.gitopspipeline.scm.PromotionPullRequests;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestOptions;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.ScmContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The pull request options of {@code gitops promote --mode branch}: add it as a {@code @Mixin} and
 * call {@link #open} after the branch is pushed.
 */
public final class PromotePullRequestOptions {
  @Option(
      names = "--pr",
      paramLabel = "PROVIDER",
      description =
          "Open (or update) a pull request for the pushed branch on"
              + " github|gitlab|azure|bitbucket|bitbucket-cloud|gitea.")
  String provider;

  @Option(
      names = "--pr-title",
      paramLabel = "TITLE",
      description = "Pull request title (default: 'Promote APP to ENV: IMAGE').")
  String title;

  @Option(
      names = "--label",
      paramLabel = "LABEL",
      description = "A pull request label; repeatable.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--reviewer",
      paramLabel = "USER",
      description = "A reviewer to request; repeatable.")
  List<String> reviewers = new ArrayList<>();

  @Option(names = "--draft", description = "Open the pull request as a draft.")
  boolean draft;

  @Option(
      names = "--auto-merge",
      description =
          "Turn on the provider's auto-merge; it still waits for required checks and approvals.")
  boolean autoMerge;

  @Mixin ScmConnectionOptions connection;

  /** True when {@code --pr} was given. */
  public boolean requested() {
    return provider != null;
  }

  /**
   * Opens or updates the pull request for the promotion, when {@code --pr} was given.
   *
   * @return {@code {number, url, state}} for promote's JSON {@code "pr"}, or empty without {@code
   *     --pr}
   */
  public Optional<PullRequestResult> open(
      PromotionChange change, ProgressListener progress, Duration maxRateLimitWait)
      throws GitOpsException {
    if (provider == null) {
      if (title != null || !labels.isEmpty() || !reviewers.isEmpty() || autoMerge || draft) {
        throw new InvalidInputException(
            "--pr-title, --label, --reviewer, --draft and --auto-merge need --pr PROVIDER");
      }
      return Optional.empty();
    }
    ProviderType type = ProviderType.parse(provider);
    var scm = connection.connect(type, progress, maxRateLimitWait);
    return Optional.of(
        new PromotionPullRequests(scm, ScmContext.system(progress, maxRateLimitWait))
            .open(change, new PullRequestOptions(title, labels, reviewers, draft, autoMerge)));
  }
}
