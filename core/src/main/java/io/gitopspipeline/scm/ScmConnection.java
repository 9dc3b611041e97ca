package io.gitopspipeline.scm;

import io.gitopspipeline.api.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * Where a provider is and how to authenticate: everything a provider needs to talk to one
 * repository.
 *
 * @param type the provider
 * @param serverUrl the API base, e.g. {@code https://api.github.com}, {@code
 *     https://ghe.example.com/api/v3}, {@code https://gitlab.example.com}, {@code
 *     https://dev.azure.com}, {@code https://bitbucket.example.com}, {@code
 *     https://api.bitbucket.org/2.0}, {@code https://gitea.example.com}
 * @param repository the repository on that server
 * @param token the token; null only with {@code app}
 * @param app GitHub App credentials instead of a token, or null
 */
public record ScmConnection(
    ProviderType type, URI serverUrl, RepositoryId repository, Secret token, AppCredentials app) {
  public ScmConnection {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(serverUrl, "serverUrl");
    Objects.requireNonNull(repository, "repository");
    if (token == null && app == null) {
      throw new IllegalArgumentException("a token or GitHub App credentials are required");
    }
  }

  /** A connection authenticated with a token. */
  public static ScmConnection withToken(
      ProviderType type, URI serverUrl, RepositoryId repository, Secret token) {
    return new ScmConnection(type, serverUrl, repository, Objects.requireNonNull(token), null);
  }

  /** The server URL without a trailing slash, for appending paths. */
  public String baseUrl() {
    String text = serverUrl.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }
}
