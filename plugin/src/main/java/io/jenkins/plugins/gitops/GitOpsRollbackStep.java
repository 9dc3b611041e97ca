package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.actions.PromotionSettings;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.config.ScmServer;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.util.ArrayList;
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
 * {@code gitopsRollback}: makes an app's environment directory in the GitOps repository exactly
 * equal to its tree at an earlier promotion (core's {@code lifecycle.Rollback}), pushed like {@code
 * gitopsPullRequest} pushes a promotion: directly, or onto the promotion branch with a pull request
 * (the open one is updated). Runs on an agent (core's JGit, with the mapped Jenkins credentials),
 * like {@code gitopsPullRequest}, so it needs a workspace.
 */
public class GitOpsRollbackStep extends Step {
    private final String repository;
    private final String branch;
    private final String app;
    private final String environment;
    private String to;
    private int steps;
    private String toImage;
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
    @DataBoundConstructor
    public GitOpsRollbackStep(String repository, String branch, String app, String environment) {
        this.repository = Util.fixEmptyAndTrim(repository);
        this.branch = Util.fixEmptyAndTrim(branch);
        this.app = Util.fixEmptyAndTrim(app);
        this.environment = Util.fixEmptyAndTrim(environment);
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

    public String getTo() {
        return to;
    }

    /** The promotion to restore: its commit, or the merge commit that brought it in. */
    @DataBoundSetter
    public void setTo(String to) {
        this.to = Util.fixEmptyAndTrim(to);
    }

    public int getSteps() {
        return steps;
    }

    /** Restore the promotion this many before the current one (1: the previous); 0: not used. */
    @DataBoundSetter
    public void setSteps(int steps) {
        this.steps = steps;
    }

    public String getToImage() {
        return toImage;
    }

    /** Restore the newest promotion of exactly this image reference. */
    @DataBoundSetter
    public void setToImage(String toImage) {
        this.toImage = Util.fixEmptyAndTrim(toImage);
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

    /** The key that signs the rollback commit; the global configuration's when not set. */
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

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient GitOpsRollbackStep step;

        Execution(GitOpsRollbackStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            if (step.repository == null || step.branch == null || step.app == null || step.environment == null) {
                throw new hudson.AbortException("gitopsRollback needs repository, branch, app and environment");
            }
            int targets = (step.to != null ? 1 : 0) + (step.steps != 0 ? 1 : 0) + (step.toImage != null ? 1 : 0);
            if (targets != 1) {
                throw new hudson.AbortException(
                        "invalid input: gitopsRollback needs exactly one of to, steps or toImage");
            }
            String mode = step.mode != null ? step.mode : step.provider != null ? "branch" : "direct";
            CommitCredentials credentials = CommitCredentials.forBuild(
                    new PromotionSettings(
                            step.branch,
                            step.path,
                            mode,
                            step.credentialsId,
                            step.signingCredentialsId,
                            step.signingPassphraseCredentialsId,
                            step.knownHosts,
                            step.acceptNewHostKeys,
                            step.provider,
                            step.serverUrl,
                            step.prRepository,
                            step.tokenCredentialsId,
                            step.githubAppId,
                            step.labels,
                            step.reviewers,
                            step.autoMerge),
                    step.repository,
                    run);
            MappedCredential git = credentials.git();
            ScmConnections scm = credentials.scm();
            CommitSigning.Key signing = credentials.signing();
            BuildLog log = credentials.log(listener);
            String buildUrl = env.get("BUILD_URL");
            log.println("[gitops] Rolling back "
                    + step.app
                    + " in "
                    + step.environment
                    + " of "
                    + step.repository
                    + " ("
                    + step.branch
                    + ", "
                    + mode
                    + ")");
            RollbackCallable callable = new RollbackCallable(
                    new RollbackCallable.Request(
                            step.repository,
                            step.branch,
                            step.app,
                            step.environment,
                            step.to,
                            step.steps == 0 ? null : step.steps,
                            step.toImage,
                            step.path,
                            mode,
                            buildUrl,
                            step.knownHosts,
                            step.acceptNewHostKeys,
                            step.title,
                            new ArrayList<>(Steps.list(step.labels)),
                            new ArrayList<>(Steps.list(step.reviewers)),
                            step.draft,
                            step.autoMerge),
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
            if (result.get("rollback") instanceof Map<?, ?> rollback
                    && rollback.get("target") instanceof Map<?, ?> target) {
                p.setImage((String) target.get("image"));
            }
            p.setRepository(step.repository);
            p.setBranch((String) result.get("branch"));
            p.setCommit((String) result.get("commit"));
            p.setChanged((Boolean) result.get("changed"));
            if (result.get("pr") instanceof Map<?, ?> pr) {
                p.setPullRequest(String.valueOf(pr.get("number")), (String) pr.get("url"), (String) pr.get("state"));
            }
            action.addLifecycle(LifecycleRecord.rollback(step.app, step.environment, "gitopsRollback", result));
            action.save();
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Roll an environment back to an earlier promotion (directly or by pull request)";
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
