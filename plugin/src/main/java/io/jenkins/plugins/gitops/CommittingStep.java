package io.jenkins.plugins.gitops;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.actions.PromotionSettings;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.ScmServer;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The arguments every step that commits to the GitOps repository shares ({@code gitopsPullRequest},
 * {@code gitopsRollback}): where (repository, branch, app, environment, path template), how (mode,
 * git and signing credentials, SSH host keys) and, with a provider, the pull request. Stapler and
 * the Pipeline's data binding find the {@link DataBoundSetter}s of this class too.
 */
public abstract class CommittingStep extends Step {
    private final String repository;
    private final String branch;
    private final String app;
    private final String environment;
    private String credentialsId;
    private String signingCredentialsId;
    private String signingPassphraseCredentialsId;
    private String path;
    private String mode;
    private String knownHosts;
    private boolean acceptNewHostKeys;
    private String provider;
    private String serverUrl;
    private String prRepository;
    private String tokenCredentialsId;
    private String githubAppId;
    private String title;
    private String labels;
    private String reviewers;
    private boolean draft;
    private boolean autoMerge;

    /**
     * @param repository the GitOps repository's URL ({@code https://}, {@code ssh://}, {@code
     *     git@host:path}, {@code file://}) or a path on the agent
     * @param branch the environment branch, e.g. {@code main} or {@code env/dev}
     * @param app the app's name
     * @param environment the environment's name
     */
    protected CommittingStep(String repository, String branch, String app, String environment) {
        this.repository = Util.fixEmptyAndTrim(repository);
        this.branch = Util.fixEmptyAndTrim(branch);
        this.app = Util.fixEmptyAndTrim(app);
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    /** {@code mode}, or its default: {@code branch} with a provider, else {@code direct}. */
    String effectiveMode() {
        return mode != null ? mode : provider != null ? "branch" : "direct";
    }

    /** The ids and choices a later rollback needs to push the same way (never a secret). */
    PromotionSettings promotionSettings() {
        return new PromotionSettings(
                branch,
                path,
                effectiveMode(),
                credentialsId,
                signingCredentialsId,
                signingPassphraseCredentialsId,
                knownHosts,
                acceptNewHostKeys,
                provider,
                serverUrl,
                prRepository,
                tokenCredentialsId,
                githubAppId,
                labels,
                reviewers,
                autoMerge);
    }

    public String getRepository() {
        return repository;
    }

    public String getBranch() {
        return branch;
    }

    public String getApp() {
        return app;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Git credentials: username with password/token, secret text (a token), or SSH private key. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getSigningCredentialsId() {
        return signingCredentialsId;
    }

    /** The key that signs every commit the step makes; the global configuration's when not set. */
    @DataBoundSetter
    public void setSigningCredentialsId(String signingCredentialsId) {
        this.signingCredentialsId = Util.fixEmptyAndTrim(signingCredentialsId);
    }

    public String getSigningPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
    }

    /** Secret text unlocking an encrypted OpenPGP signing key; an SSH key credential has its own. */
    @DataBoundSetter
    public void setSigningPassphraseCredentialsId(String signingPassphraseCredentialsId) {
        this.signingPassphraseCredentialsId = Util.fixEmptyAndTrim(signingPassphraseCredentialsId);
    }

    public String getPath() {
        return path;
    }

    /** Where the app lives in the repository; {@code {app}} and {@code {env}} are replaced. */
    @DataBoundSetter
    public void setPath(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    public String getMode() {
        return mode;
    }

    /** {@code direct} or {@code branch}; default {@code branch} when a provider is set. */
    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = Util.fixEmptyAndTrim(mode);
    }

    public String getKnownHosts() {
        return knownHosts;
    }

    /** The known_hosts file on the agent for SSH remotes; default {@code ~/.ssh/known_hosts}. */
    @DataBoundSetter
    public void setKnownHosts(String knownHosts) {
        this.knownHosts = Util.fixEmptyAndTrim(knownHosts);
    }

    public boolean isAcceptNewHostKeys() {
        return acceptNewHostKeys;
    }

    @DataBoundSetter
    public void setAcceptNewHostKeys(boolean acceptNewHostKeys) {
        this.acceptNewHostKeys = acceptNewHostKeys;
    }

    public String getProvider() {
        return provider;
    }

    /** Opens a pull request on this provider: github, gitlab, azure, bitbucket, bitbucket-cloud, gitea. */
    @DataBoundSetter
    public void setProvider(String provider) {
        this.provider = Util.fixEmptyAndTrim(provider);
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
    }

    public String getPrRepository() {
        return prRepository;
    }

    @DataBoundSetter
    public void setPrRepository(String prRepository) {
        this.prRepository = Util.fixEmptyAndTrim(prRepository);
    }

    public String getTokenCredentialsId() {
        return tokenCredentialsId;
    }

    @DataBoundSetter
    public void setTokenCredentialsId(String tokenCredentialsId) {
        this.tokenCredentialsId = Util.fixEmptyAndTrim(tokenCredentialsId);
    }

    public String getGithubAppId() {
        return githubAppId;
    }

    @DataBoundSetter
    public void setGithubAppId(String githubAppId) {
        this.githubAppId = Util.fixEmptyAndTrim(githubAppId);
    }

    public String getTitle() {
        return title;
    }

    @DataBoundSetter
    public void setTitle(String title) {
        this.title = Util.fixEmptyAndTrim(title);
    }

    public String getLabels() {
        return labels;
    }

    /** Comma-separated labels. */
    @DataBoundSetter
    public void setLabels(String labels) {
        this.labels = Util.fixEmptyAndTrim(labels);
    }

    public String getReviewers() {
        return reviewers;
    }

    /** Comma-separated reviewers. */
    @DataBoundSetter
    public void setReviewers(String reviewers) {
        this.reviewers = Util.fixEmptyAndTrim(reviewers);
    }

    public boolean isDraft() {
        return draft;
    }

    @DataBoundSetter
    public void setDraft(boolean draft) {
        this.draft = draft;
    }

    public boolean isAutoMerge() {
        return autoMerge;
    }

    @DataBoundSetter
    public void setAutoMerge(boolean autoMerge) {
        this.autoMerge = autoMerge;
    }

    /**
     * The shared part of the committing steps' descriptors: their context and the Snippet
     * Generator's choices and credential lists (each credential list needs the item's permission).
     */
    public abstract static class CommittingStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        public ListBoxModel doFillModeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(direct, or branch with a provider)", "");
            items.add("direct");
            items.add("branch");
            return items;
        }

        public ListBoxModel doFillProviderItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(no pull request)", "");
            for (String p : ScmServer.PROVIDERS) {
                items.add(p);
            }
            return items;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return GitOpsCredentials.fillItems(item, credentialsId);
        }

        @POST
        public ListBoxModel doFillSigningCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String signingCredentialsId) {
            return GitOpsCredentials.fillItems(item, signingCredentialsId);
        }

        @POST
        public ListBoxModel doFillSigningPassphraseCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String signingPassphraseCredentialsId) {
            return GitOpsCredentials.fillSecretTextItems(item, signingPassphraseCredentialsId);
        }

        @POST
        public FormValidation doCheckSigningPassphraseCredentialsId(
                @AncestorInPath Item item, @QueryParameter String value) {
            return GitOpsCredentials.checkSecretText(item, value);
        }

        @POST
        public ListBoxModel doFillTokenCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String tokenCredentialsId) {
            return GitOpsCredentials.fillItems(item, tokenCredentialsId);
        }
    }
}
