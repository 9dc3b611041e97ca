package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.azure.AzureDevOpsProvider;
import io.gitopspipeline.scm.bitbucket.BitbucketServerProvider;
import io.gitopspipeline.scm.bitbucketcloud.BitbucketCloudProvider;
import io.gitopspipeline.scm.gitea.GiteaProvider;
import io.gitopspipeline.scm.github.GitHubProvider;
import io.gitopspipeline.scm.gitlab.GitLabProvider;
import java.util.Map;

/** Picks the {@link ScmProvider} for a connection's provider type. */
public final class ScmProviders {
  /** Creates a provider; may fail on bad credentials material (e.g. an unreadable app key). */
  @FunctionalInterface
  interface Factory {
    ScmProvider create(ScmConnection connection, ScmContext context) throws GitOpsException;
  }

  // Adding a provider: one package and one line here.
  private static final Map<ProviderType, Factory> FACTORIES =
      Map.of(
          ProviderType.GITHUB, GitHubProvider::new,
          ProviderType.GITLAB, GitLabProvider::new,
          ProviderType.AZURE, AzureDevOpsProvider::new,
          ProviderType.BITBUCKET, BitbucketServerProvider::new,
          ProviderType.BITBUCKET_CLOUD, BitbucketCloudProvider::new,
          ProviderType.GITEA, GiteaProvider::new);

  private ScmProviders() {}

  /** The provider for {@code connection.type()}, talking to its server and repository. */
  public static ScmProvider create(ScmConnection connection, ScmContext context)
      throws GitOpsException {
    Factory factory = FACTORIES.get(connection.type());
    if (factory == null) {
      throw new IllegalStateException("no factory for " + connection.type());
    }
    return factory.create(connection, context);
  }
}
