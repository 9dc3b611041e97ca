package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The commit-status options of {@code gitops sync wait}: a {@code @Mixin}. Named like promote's
 * pull request options, because {@code sync wait}'s own {@code --token-file} is the webhook's.
 */
public final class CommitStatusSourceOptions {
  @Option(
      names = "--commit-status-provider",
      paramLabel = "PROVIDER",
      description =
          "Also poll the commit statuses a reconciler's notifications set on the revision (Flux's"
              + " github, gitlab, gitea, azuredevops, bitbucket and bitbucketserver Providers):"
              + " github|gitlab|azure|bitbucket|bitbucket-cloud|gitea. Flux writes them for"
              + " Kustomizations only.")
  String provider;

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
          "The GitOps repository on the provider: OWNER/NAME (GitLab GROUP/.../NAME, Azure"
              + " ORG/PROJECT/REPO); default: derived from the 'origin' remote of the current"
              + " directory.")
  String repository;

  @Option(
      names = "--pr-token-file",
      paramLabel = "FILE",
      description =
          "File holding the SCM API token (default: the "
              + ScmConnectionOptions.TOKEN_ENV
              + " environment variable).")
  Path tokenFile;

  /** True when {@code --commit-status-provider} was given. */
  public boolean requested() {
    return provider != null;
  }

  /**
   * The provider to read commit statuses from, or empty without {@code --commit-status-provider}.
   *
   * @throws InvalidInputException for a bad provider, repository or token, or SCM options given
   *     without a provider
   */
  public Optional<ScmProvider> connect(ProgressListener progress, Duration maxRateLimitWait)
      throws GitOpsException {
    if (provider == null) {
      if (serverUrl != null || repository != null || tokenFile != null) {
        throw new InvalidInputException(
            "--server-url, --pr-repository and --pr-token-file need --commit-status-provider");
      }
      return Optional.empty();
    }
    ProviderType type = ProviderType.parse(provider);
    return Optional.of(
        ScmProviders.create(
            ScmConnectionOptions.build(
                type,
                serverUrl,
                repository,
                null,
                tokenFile,
                "--pr-token-file",
                null,
                null,
                System.getenv()),
            ScmContext.system(progress, maxRateLimitWait)));
  }
}
