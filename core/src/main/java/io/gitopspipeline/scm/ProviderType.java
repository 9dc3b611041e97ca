package io.gitopspipeline.scm;

import io.gitopspipeline.api.InvalidInputException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The SCM providers gitops-pipeline talks to, by the name users write on the command line. */
public enum ProviderType {
  GITHUB(
      "github",
      "GitHub",
      "https://api.github.com",
      "a classic token with the 'repo' scope (or 'public_repo' for a public repository), or a"
          + " fine-grained token / GitHub App with Pull requests: read and write, Contents: read,"
          + " Commit statuses: read and write"),
  GITLAB(
      "gitlab",
      "GitLab",
      "https://gitlab.com",
      "a personal, project or group access token with the 'api' scope and at least the Developer"
          + " role on the project"),
  AZURE(
      "azure",
      "Azure DevOps",
      "https://dev.azure.com",
      "a personal access token with the scopes Code (Read & write) and Code (Status)"),
  BITBUCKET(
      "bitbucket",
      "Bitbucket Data Center",
      null,
      "an HTTP access token (or a user's token) with the Repository write permission"),
  BITBUCKET_CLOUD(
      "bitbucket-cloud",
      "Bitbucket Cloud",
      "https://api.bitbucket.org/2.0",
      "an access token with the scopes 'pullrequest:write' and 'repository:write' (or an app"
          + " password written as USER:APP_PASSWORD with the same permissions)"),
  GITEA(
      "gitea",
      "Gitea/Forgejo",
      null,
      "an access token with the scopes 'write:repository' and 'write:issue'");

  private final String cliName;
  private final String displayName;
  private final String defaultServerUrl;
  private final String tokenScopes;

  ProviderType(String cliName, String displayName, String defaultServerUrl, String tokenScopes) {
    this.cliName = cliName;
    this.displayName = displayName;
    this.defaultServerUrl = defaultServerUrl;
    this.tokenScopes = tokenScopes;
  }

  /** The name on the command line and in configuration, e.g. {@code bitbucket-cloud}. */
  public String cliName() {
    return cliName;
  }

  /** The name people know the product by, for messages. */
  public String displayName() {
    return displayName;
  }

  /** The token scope or permission that is usually missing when the provider answers 401/403. */
  public String tokenScopes() {
    return tokenScopes;
  }

  /**
   * The provider's public API address, used when no {@code --server-url} is given.
   *
   * @throws InvalidInputException for self-hosted-only products (Bitbucket Data Center, Gitea)
   */
  public URI defaultServerUrl() throws InvalidInputException {
    if (defaultServerUrl == null) {
      throw new InvalidInputException(
          displayName + " has no public server; give its address with --server-url");
    }
    return URI.create(defaultServerUrl);
  }

  public static ProviderType parse(String name) throws InvalidInputException {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (ProviderType type : values()) {
        if (type.cliName.equals(wanted)) {
          return type;
        }
      }
    }
    throw new InvalidInputException(
        "unknown SCM provider '"
            + name
            + "'; use one of "
            + Arrays.stream(values()).map(ProviderType::cliName).collect(Collectors.joining("|")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
