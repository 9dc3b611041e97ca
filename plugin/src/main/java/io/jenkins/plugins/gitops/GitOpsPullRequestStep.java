package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsPullRequest}: writes an app's rendered manifests for one environment into the GitOps
 * repository, straight onto the environment branch or onto a promotion branch with a pull request.
 * Runs on the agent that holds the rendered manifests (core's JGit, with the mapped Jenkins
 * credentials), so it needs a workspace.
 */
public class GitOpsPullRequestStep extends CommittingStep {
    private final String from;
    private String message;
    private String image;
    private String sourceRepository;
    private String sourceCommit;
    private String authorName;
    private String authorEmail;
    private String timeout;
    private String allowSecrets;
    private boolean allowPlainSecrets;
    private boolean promoteSecretOnlyChanges;

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
        super(repository, branch, app, environment);
        this.from = Util.fixEmptyAndTrim(from);
    }

    public String getFrom() {
        return from;
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

    public boolean isPromoteSecretOnlyChanges() {
        return promoteSecretOnlyChanges;
    }

    /**
     * Commit even when the only differences are Secret values (a chart's random password rendered
     * anew, a SOPS re-encryption), e.g. to rotate them; by default such a promotion is skipped.
     */
    @DataBoundSetter
    public void setPromoteSecretOnlyChanges(boolean promoteSecretOnlyChanges) {
        this.promoteSecretOnlyChanges = promoteSecretOnlyChanges;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new GitOpsPullRequestExecution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends CommittingStepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsPullRequest";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Promote rendered manifests to the GitOps repository (directly or by pull request)";
        }
    }
}
