package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.ScmProvider;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --provider} and the connection options, for the {@code gitops pr} commands. */
final class ScmOptions {
  static final String TOKEN_ENV = ScmConnectionOptions.TOKEN_ENV;

  @Option(
      names = "--provider",
      required = true,
      paramLabel = "PROVIDER",
      description = "github|gitlab|azure|bitbucket|bitbucket-cloud|gitea.")
  String provider;

  @Mixin ScmConnectionOptions connection;

  ScmProvider connect(ProgressListener progress, Duration maxRateLimitWait) throws GitOpsException {
    return connection.connect(ProviderType.parse(provider), progress, maxRateLimitWait);
  }
}
