package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.config.ScmServer;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code gitopsPullRequest}: writes an app's rendered manifests for one environment into the GitOps
 * repository, straight onto the environment branch or onto a promotion branch with a pull request.
 * Runs on the agent that holds the rendered manifests (core's JGit, with the mapped Jenkins
 * credentials), so it needs a workspace.
 */
public class GitOpsPullRequestStep extends Step {
    private final String repository;
    private final String branch;
    private final String app;
    private final String environment;
    private final String from;
    private String credentialsId;
    private String signingCredentialsId;
    private String path;
    private String mode;
    private String message;
    private String image;
    private String sourceRepository;
    private String sourceCommit;
    private String authorName;
    private String authorEmail;
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
    private String timeout;
    private String allowSecrets;
    private boolean allowPlainSecrets;

    /**
     * @param repository the GitOps repository's URL ({@code https://}, {@code ssh://}, {@code
     *     git@host:path}, {@code file://}) or a path on the agent
     * @param branch the environment branch, e.g. {@code main} or {@code env/dev}
     * @param app the app's name
     * @param environment the environment's name
     * @param from the rendered manifests, relative to the workspace (e.g. {@code gitopsRender}'s out)
     */
    @DataBoundConstructor
    public GitOpsPullRequestStep(String repository, String branch, String app, String environment, String from) {
        this.repository = Util.fixEmptyAndTrim(repository);
        this.branch = Util.fixEmptyAndTrim(branch);
        this.app = Util.fixEmptyAndTrim(app);
        this.environment = Util.fixEmptyAndTrim(environment);
        this.from = Util.fixEmptyAndTrim(from);
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

    public String getFrom() {
        return from;
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

    /** The key that signs the commit; the global configuration's when not set. */
    @DataBoundSetter
    public void setSigningCredentialsId(String signingCredentialsId) {
        this.signingCredentialsId = Util.fixEmptyAndTrim(signingCredentialsId);
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

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixEmptyAndTrim(message);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public String getSourceRepository() {
        return sourceRepository;
    }

    @DataBoundSetter
    public void setSourceRepository(String sourceRepository) {
        this.sourceRepository = Util.fixEmptyAndTrim(sourceRepository);
    }

    public String getSourceCommit() {
        return sourceCommit;
    }

    @DataBoundSetter
    public void setSourceCommit(String sourceCommit) {
        this.sourceCommit = Util.fixEmptyAndTrim(sourceCommit);
    }

    public String getAuthorName() {
        return authorName;
    }

    @DataBoundSetter
    public void setAuthorName(String authorName) {
        this.authorName = Util.fixEmptyAndTrim(authorName);
    }

    public String getAuthorEmail() {
        return authorEmail;
    }

    @DataBoundSetter
    public void setAuthorEmail(String authorEmail) {
        this.authorEmail = Util.fixEmptyAndTrim(authorEmail);
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

    public String getTimeout() {
        return timeout;
    }

    /** How long a direct-mode promotion keeps re-applying and pushing while the branch keeps moving. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    public String getAllowSecrets() {
        return allowSecrets;
    }

    /** Plaintext Secrets promoted anyway, {@code NAMESPACE/NAME}, comma or newline separated. */
    @DataBoundSetter
    public void setAllowSecrets(String allowSecrets) {
        this.allowSecrets = Util.fixEmptyAndTrim(allowSecrets);
    }

    public boolean isAllowPlainSecrets() {
        return allowPlainSecrets;
    }

    /** Promote every plaintext Secret anyway (refused by default). */
    @DataBoundSetter
    public void setAllowPlainSecrets(boolean allowPlainSecrets) {
        this.allowPlainSecrets = allowPlainSecrets;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient GitOpsPullRequestStep step;

        Execution(GitOpsPullRequestStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            if (step.repository == null
                    || step.branch == null
                    || step.app == null
                    || step.environment == null
                    || step.from == null) {
                throw new hudson.AbortException(
                        "gitopsPullRequest needs repository, branch, app, environment and from");
            }
            Duration timeout = Steps.duration("timeout", step.timeout, "5m");
            MappedCredential git = step.credentialsId == null
                    ? null
                    : GitOpsCredentials.forBuild(step.credentialsId, run, "GitOps repository credentials");
            ScmConnections scm = step.provider == null
                    ? null
                    : ScmConnections.resolve(
                            step.provider,
                            step.serverUrl,
                            step.prRepository,
                            step.repository,
                            step.tokenCredentialsId,
                            step.githubAppId,
                            run);
            MappedCredential signing = CommitSigning.forBuild(step.signingCredentialsId, run);
            List<Secret> masked = new ArrayList<>();
            if (git != null) {
                masked.addAll(git.maskedValues());
            }
            if (signing != null) {
                masked.addAll(signing.maskedValues());
            }
            if (scm != null && scm.credential() != null) {
                masked.addAll(scm.credential().maskedValues());
            }
            BuildLog log = new BuildLog(listener, masked);
            String mode = step.mode != null ? step.mode : step.provider != null ? "branch" : "direct";
            String sourceCommit = step.sourceCommit != null ? step.sourceCommit : env.get("GIT_COMMIT");
            String sourceRepository = step.sourceRepository != null ? step.sourceRepository : env.get("GIT_URL");
            String buildUrl = env.get("BUILD_URL");
            log.println("[gitops] Promoting "
                    + step.app
                    + " to "
                    + step.environment
                    + " in "
                    + step.repository
                    + " ("
                    + step.branch
                    + ", "
                    + mode
                    + ")");
            PromoteCallable callable = new PromoteCallable(
                    new PromoteCallable.Request(
                            step.repository,
                            step.branch,
                            step.app,
                            step.environment,
                            step.from,
                            step.path,
                            mode,
                            step.message,
                            step.image,
                            sourceRepository,
                            sourceCommit,
                            buildUrl,
                            step.authorName,
                            step.authorEmail,
                            step.knownHosts,
                            step.acceptNewHostKeys,
                            step.title,
                            new ArrayList<>(Steps.list(step.labels)),
                            new ArrayList<>(Steps.list(step.reviewers)),
                            step.draft,
                            step.autoMerge,
                            timeout.toMillis(),
                            new ArrayList<>(Steps.list(step.allowSecrets)),
                            step.allowPlainSecrets),
                    git,
                    signing,
                    scm,
                    log);
            Map<String, Object> result = workspace.act(callable);
            record(run, result);
            return result;
        }

        private void record(Run<?, ?> run, Map<String, Object> result) {
            GitOpsBuildAction action = GitOpsBuildAction.of(run);
            PromotionRecord p = action.promotion(step.app, step.environment);
            p.setImage(step.image);
            p.setRepository(step.repository);
            p.setBranch((String) result.get("branch"));
            p.setCommit((String) result.get("commit"));
            p.setChanged((Boolean) result.get("changed"));
            p.setSettings(OnFailureRollback.settingsOf(step)); // how to roll it back (issue #15)
            if (result.get("pr") instanceof Map<?, ?> pr) {
                p.setPullRequest(String.valueOf(pr.get("number")), (String) pr.get("url"), (String) pr.get("state"));
            }
            action.save();
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsPullRequest";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Promote rendered manifests to the GitOps repository (directly or by pull request)";
        }

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
        public ListBoxModel doFillTokenCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String tokenCredentialsId) {
            return GitOpsCredentials.fillItems(item, tokenCredentialsId);
        }
    }
}
