package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.scm.AppCredentials;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Option;

/**
 * Where the SCM provider is and how to authenticate: the options every command that talks to a
 * provider shares (a {@code @Mixin}; the provider itself comes from {@code --provider} or promote's
 * {@code --pr}). The token never comes from the command line (it would show in process lists and
 * shell history): from {@code --token-file} or the {@value #TOKEN_ENV} environment variable.
 */
public final class ScmConnectionOptions {
  public static final String TOKEN_ENV = "GITOPS_SCM_TOKEN";

  @Option(
      names = "--server-url",
      paramLabel = "URL",
      description =
          "API base for Enterprise and self-hosted servers (e.g. https://ghe.example.com/api/v3,"
              + " https://gitlab.example.com, https://bitbucket.example.com); default: the"
              + " provider's public API.")
  String serverUrl;

  @Option(
      names = {"--pr-repository", "--repo"},
      paramLabel = "REPOSITORY",
      description =
          "OWNER/NAME (GitLab GROUP/.../NAME, Azure ORG/PROJECT/REPO, Bitbucket Data Center"
              + " PROJECT/REPO); default: derived from --remote-url or the 'origin' remote of the"
              + " git repository in the current directory.")
  String repository;

  @Option(
      names = "--remote-url",
      paramLabel = "URL",
      description = "A git remote URL to derive --pr-repository from.")
  String remoteUrl;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the API token (default: the " + TOKEN_ENV + " environment variable).")
  Path tokenFile;

  @Option(
      names = "--github-app-id",
      paramLabel = "ID",
      description =
          "Authenticate as this GitHub App (with --github-app-key-file) instead of a token.")
  String appId;

  @Option(
      names = "--github-app-key-file",
      paramLabel = "FILE",
      description = "The GitHub App's private key (PEM).")
  Path appKeyFile;

  /**
   * The provider, ready to talk to the repository.
   *
   * @param maxRateLimitWait how long a rate limit may be waited out
   */
  public ScmProvider connect(
      ProviderType type, ProgressListener progress, Duration maxRateLimitWait)
      throws GitOpsException {
    ScmConnection connection = connection(type, System.getenv());
    return ScmProviders.create(connection, ScmContext.system(progress, maxRateLimitWait));
  }

  /** The connection the options describe; {@code env} supplies {@value #TOKEN_ENV}. */
  public ScmConnection connection(ProviderType type, Map<String, String> env)
      throws GitOpsException {
    return build(
        type, serverUrl, repository, remoteUrl, tokenFile, "--token-file", appId, appKeyFile, env);
  }

  /**
   * Builds a connection from option values; shared with promote, whose own {@code --repo} and
   * {@code --token-file} mean the git remote.
   *
   * @param remoteUrl the git remote to derive the repository from, or null for the current
   *     directory's {@code origin}
   * @param tokenOption the option name {@code tokenFile} came from, for messages
   */
  static ScmConnection build(
      ProviderType type,
      String serverUrl,
      String repository,
      String remoteUrl,
      Path tokenFile,
      String tokenOption,
      String appId,
      Path appKeyFile,
      Map<String, String> env)
      throws GitOpsException {
    URI server = serverUrl == null ? type.defaultServerUrl() : parseServerUrl(serverUrl);
    RepositoryId repo =
        repository != null
            ? RepositoryId.parse(type, repository)
            : RepositoryId.fromRemoteUrl(type, remoteUrl != null ? remoteUrl : originUrl());
    if (appId != null || appKeyFile != null) {
      if (type != ProviderType.GITHUB) {
        throw new InvalidInputException("--github-app-id works only with the github provider");
      }
      if (appId == null || appKeyFile == null) {
        throw new InvalidInputException("--github-app-id and --github-app-key-file go together");
      }
      return new ScmConnection(
          type,
          server,
          repo,
          null,
          new AppCredentials(appId, SecretFiles.read(appKeyFile, "--github-app-key-file")));
    }
    Secret token;
    if (tokenFile != null) {
      token = Secret.of(SecretFiles.read(tokenFile, tokenOption).reveal().strip());
      if (token.isEmpty()) {
        throw new InvalidInputException(tokenOption + " " + tokenFile + " is empty");
      }
    } else {
      String value = env.get(TOKEN_ENV);
      if (value == null || value.isBlank()) {
        throw new InvalidInputException(
            "no "
                + type.displayName()
                + " token: give "
                + tokenOption
                + " FILE or set "
                + TOKEN_ENV);
      }
      token = Secret.of(value.strip());
    }
    return ScmConnection.withToken(type, server, repo, token);
  }

  private static URI parseServerUrl(String text) throws InvalidInputException {
    try {
      URI uri = new URI(text.trim());
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(text, "not http(s)");
      }
      if (uri.getRawUserInfo() != null) {
        throw new InvalidInputException(
            "--server-url must not carry credentials; use --token-file or " + TOKEN_ENV);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidInputException("--server-url '" + text + "' is not an http(s) URL");
    }
  }

  private static String originUrl() throws InvalidInputException {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder()
            .readEnvironment()
            .findGitDir(Path.of("").toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      throw new InvalidInputException(
          "--pr-repository is not given and the current directory is not in a git repository to"
              + " derive it from; give --pr-repository or --remote-url");
    }
    try (Repository repo = builder.build()) {
      String url = repo.getConfig().getString("remote", "origin", "url");
      if (url == null) {
        throw new InvalidInputException(
            "--pr-repository is not given and the git repository has no 'origin' remote; give"
                + " --pr-repository or --remote-url");
      }
      return url;
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read the git repository's remote to derive --pr-repository");
    }
  }
}
