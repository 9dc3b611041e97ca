package io.jenkins.plugins.gitops.config;

import hudson.Util;
import hudson.model.Run;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.scm.AppCredentials;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;

/**
 * What a step needs to reach an SCM provider's API, resolved on the controller (global defaults,
 * credentials) and turned into core's {@link ScmConnection} wherever the call runs.
 *
 * @param provider {@code github}, {@code gitlab}, {@code azure}, {@code bitbucket}, {@code
 *     bitbucket-cloud} or {@code gitea}
 * @param serverUrl the API base URL, or null for the provider's public API
 * @param repository the repository on the provider ({@code owner/name}, {@code org/project/repo}),
 *     or null to derive it from {@code remoteUrl}
 * @param remoteUrl the git remote URL to derive the repository from
 * @param credential a token (secret text or the password of username/password), or with {@code
 *     githubAppId} the GitHub App's private key (secret file or secret text)
 * @param githubAppId the GitHub App id, or null for token authentication
 */
public record ScmConnections(
        String provider,
        String serverUrl,
        String repository,
        String remoteUrl,
        MappedCredential credential,
        String githubAppId)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Resolves a step's SCM arguments on the controller: a missing server URL or credentials id falls
     * back to the {@link ScmServer} configured for the provider; credentials are looked up for the
     * build.
     */
    public static ScmConnections resolve(
            String provider,
            String serverUrl,
            String repository,
            String remoteUrl,
            String credentialsId,
            String githubAppId,
            Run<?, ?> run)
            throws IOException {
        ScmServer configured = GitOpsGlobalConfiguration.get().scmServer(provider);
        String server = Util.fixEmptyAndTrim(serverUrl);
        if (server == null && configured != null) {
            server = Util.fixEmptyAndTrim(configured.getServerUrl());
        }
        String id = Util.fixEmptyAndTrim(credentialsId);
        if (id == null && configured != null) {
            id = configured.getCredentialsId();
        }
        MappedCredential credential =
                id == null ? null : GitOpsCredentials.forBuild(id, run, provider + " credentials");
        return new ScmConnections(
                provider,
                server,
                Util.fixEmptyAndTrim(repository),
                remoteUrl,
                credential,
                Util.fixEmptyAndTrim(githubAppId));
    }

    /** Core's connection. */
    public ScmConnection connection() throws InvalidInputException {
        ProviderType type = ProviderType.parse(provider);
        URI server;
        if (serverUrl == null || serverUrl.isBlank()) {
            server = type.defaultServerUrl();
        } else {
            try {
                server = URI.create(serverUrl.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("serverUrl '" + serverUrl + "' is not a valid URL");
            }
        }
        RepositoryId id = repository == null || repository.isBlank()
                ? RepositoryId.fromRemoteUrl(type, remoteUrl)
                : RepositoryId.parse(type, repository);
        if (credential == null) {
            throw new InvalidInputException("no credentials for "
                    + type.displayName()
                    + ": set credentialsId on the step or on the SCM server in Manage Jenkins » System");
        }
        if (githubAppId != null && !githubAppId.isBlank()) {
            return new ScmConnection(
                    type, server, id, null, new AppCredentials(githubAppId.trim(), credential.secret()));
        }
        return ScmConnection.withToken(type, server, id, credential.secret());
    }
}
