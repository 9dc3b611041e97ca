package io.jenkins.plugins.gitops.actions;

/**
 * How a build promoted: what {@code waitForGitOpsSync(onFailure: 'rollback')} needs to push the
 * rollback the same way (path template, mode, credentials and signing ids, pull-request provider).
 * Credential ids only, never a secret; they are looked up again for the build when used. Saved with
 * the build, not exported.
 */
public final class PromotionSettings {
    private final String branch;
    private final String path;
    private final String mode;
    private final String credentialsId;
    private final String signingCredentialsId;
    private final String signingPassphraseCredentialsId;
    private final String knownHosts;
    private final boolean acceptNewHostKeys;
    private final String provider;
    private final String serverUrl;
    private final String prRepository;
    private final String tokenCredentialsId;
    private final String githubAppId;
    private final String labels;
    private final String reviewers;
    private final boolean autoMerge;

    /**
     * @param branch the environment branch the promotion targets (its record's branch is the
     *     promotion branch in pull-request mode)
     * @param path the path template, or null for the default
     * @param mode {@code direct} or {@code branch}
     * @param signingPassphraseCredentialsId the passphrase of an encrypted OpenPGP signing key, or
     *     null
     * @param labels comma-separated, or null
     * @param reviewers comma-separated, or null
     */
    public PromotionSettings(
            String branch,
            String path,
            String mode,
            String credentialsId,
            String signingCredentialsId,
            String signingPassphraseCredentialsId,
            String knownHosts,
            boolean acceptNewHostKeys,
            String provider,
            String serverUrl,
            String prRepository,
            String tokenCredentialsId,
            String githubAppId,
            String labels,
            String reviewers,
            boolean autoMerge) {
        this.branch = branch;
        this.path = path;
        this.mode = mode;
        this.credentialsId = credentialsId;
        this.signingCredentialsId = signingCredentialsId;
        this.signingPassphraseCredentialsId = signingPassphraseCredentialsId;
        this.knownHosts = knownHosts;
        this.acceptNewHostKeys = acceptNewHostKeys;
        this.provider = provider;
        this.serverUrl = serverUrl;
        this.prRepository = prRepository;
        this.tokenCredentialsId = tokenCredentialsId;
        this.githubAppId = githubAppId;
        this.labels = labels;
        this.reviewers = reviewers;
        this.autoMerge = autoMerge;
    }

    public String getBranch() {
        return branch;
    }

    public String getPath() {
        return path;
    }

    public String getMode() {
        return mode;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getSigningCredentialsId() {
        return signingCredentialsId;
    }

    public String getSigningPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
    }

    public String getKnownHosts() {
        return knownHosts;
    }

    public boolean isAcceptNewHostKeys() {
        return acceptNewHostKeys;
    }

    public String getProvider() {
        return provider;
    }

    public String getServerUrl() {
        return serverUrl;
    }

    public String getPrRepository() {
        return prRepository;
    }

    public String getTokenCredentialsId() {
        return tokenCredentialsId;
    }

    public String getGithubAppId() {
        return githubAppId;
    }

    public String getLabels() {
        return labels;
    }

    public String getReviewers() {
        return reviewers;
    }

    public boolean isAutoMerge() {
        return autoMerge;
    }
}
