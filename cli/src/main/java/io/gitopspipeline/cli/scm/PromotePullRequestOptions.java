package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.scm.PromotionChange;
import io.gitopspipeline.scm.PromotionPullRequests;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestOptions;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Option(
      names = "--server-url",
      paramLabel = "URL",
      description =
          "API base of an Enterprise or self-hosted SCM server; default: the provider's public API.")
  String serverUrl;

  @Option(
      names = "--pr-repository",
      paramLabel = "REPOSITORY",
      description =
          "Where to open the pull request: OWNER/NAME (GitLab GROUP/.../NAME, Azure"
              + " ORG/PROJECT/REPO, Bitbucket Data Center PROJECT/REPO); default: derived from --repo.")
  String repository;

  @Option(
      names = "--pr-token-file",
      paramLabel = "FILE",
      description =
          "File holding the SCM API token (default: the "
              + ScmConnectionOptions.TOKEN_ENV
              + " environment variable, else --token-file).")
  Path tokenFile;

  @Option(
      names = "--github-app-id",
      paramLabel = "ID",
      description = "Open the pull request as this GitHub App (with --github-app-key-file).")
  String appId;

  @Option(
      names = "--github-app-key-file",
      paramLabel = "FILE",
      description = "The GitHub App's private key (PEM).")
  Path appKeyFile;

  /** True when {@code --pr} was given. */
  public boolean requested() {
    return provider != null;
  }

  /**
   * Refuses the pull request options without {@code --pr}.
   *
   * @throws InvalidInputException naming the stray options
   */
  public void checkUnused() throws InvalidInputException {
    if (provider == null
        && (title != null || !labels.isEmpty() || !reviewers.isEmpty() || autoMerge || draft)) {
      throw new InvalidInputException(
          "--pr-title, --label, --reviewer, --draft and --auto-merge need --pr PROVIDER");
    }
  }

  /** The title, labels, reviewers, draft and auto-merge choices. */
  public PullRequestOptions options() {
    return new PullRequestOptions(title, labels, reviewers, draft, autoMerge);
  }

  /**
   * The connection to the {@code --pr} provider; checks the options without calling the provider.
   *
   * @param gitRemoteUrl promote's {@code --repo}: the repository is derived from it unless {@code
   *     --pr-repository} is given
   * @param gitTokenFile promote's {@code --token-file}, used for the API when neither {@code
   *     --pr-token-file} nor the environment variable is set; may be null
   * @throws InvalidInputException without {@code --pr}, or for a bad provider, repository or token
   */
  public ScmConnection connection(String gitRemoteUrl, Path gitTokenFile) throws GitOpsException {
    if (provider == null) {
      throw new InvalidInputException("--pr PROVIDER is needed to open a pull request");
    }
    ProviderType type = ProviderType.parse(provider);
    Map<String, String> env = System.getenv();
    // The git token often is the API token too (GitHub, Gitea): the last fallback.
    Path token = tokenFile;
    String tokenOption = "--pr-token-file";
    if (token == null && env.get(ScmConnectionOptions.TOKEN_ENV) == null && gitTokenFile != null) {
      token = gitTokenFile;
      tokenOption = "--token-file";
    }
    return ScmConnectionOptions.build(
        type, serverUrl, repository, gitRemoteUrl, token, tokenOption, appId, appKeyFile, env);
  }

  /**
   * Opens or updates the pull request for the promotion, when {@code --pr} was given.
   *
   * @return {@code {number, url, state}} for promote's JSON {@code "pr"}, or empty without {@code
   *     --pr}
   * @see #pullRequests
   */
  public Optional<PullRequestResult> open(
      PromotionChange change,
      String gitRemoteUrl,
      Path gitTokenFile,
      ProgressListener progress,
      Duration maxRateLimitWait)
      throws GitOpsException {
    checkUnused();
    if (provider == null) {
      return Optional.empty();
    }
    ScmContext context = ScmContext.system(progress, maxRateLimitWait);
    return Optional.of(
        new PromotionPullRequests(
                ScmProviders.create(connection(gitRemoteUrl, gitTokenFile), context), context)
            .open(change, options()));
  }
}
