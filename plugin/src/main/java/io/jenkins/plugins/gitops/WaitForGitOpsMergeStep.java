package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.MergeOutcome;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProviders;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.config.ScmServer;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * {@code waitForGitOpsMerge}: waits until a pull request on the GitOps repository is merged and
 * returns its merge commit, the revision the reconciler will report. Talks only to the provider's
 * API, so it needs no {@code node}. It polls with core's backoff on a background thread; a
 * controller restart while it waits fails the step (run it again: it returns at once if merged).
 */
public class WaitForGitOpsMergeStep extends Step {
    private final String provider;
    private final String repository;
    private final long number;
    private String serverUrl;
    private String credentialsId;
    private String githubAppId;
    private String timeout;
    private String pollInterval;
    private boolean mergeWhenReady;

    /**
     * @param provider github, gitlab, azure, bitbucket, bitbucket-cloud or gitea
     * @param repository the repository on the provider, e.g. {@code org/gitops}
     * @param number the pull request's number
     */
    @DataBoundConstructor
    public WaitForGitOpsMergeStep(String provider, String repository, long number) {
        this.provider = Util.fixEmptyAndTrim(provider);
        this.repository = Util.fixEmptyAndTrim(repository);
        this.number = number;
    }

    public String getProvider() {
        return provider;
    }

    public String getRepository() {
        return repository;
    }

    public long getNumber() {
        return number;
    }

    public String getServerUrl() {
        return serverUrl;
    }

    @DataBoundSetter
    public void setServerUrl(String serverUrl) {
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getGithubAppId() {
        return githubAppId;
    }

    @DataBoundSetter
    public void setGithubAppId(String githubAppId) {
        this.githubAppId = Util.fixEmptyAndTrim(githubAppId);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = Util.fixEmptyAndTrim(pollInterval);
    }

    public boolean isMergeWhenReady() {
        return mergeWhenReady;
    }

    /**
     * Merge it once the provider reports it mergeable and its checks green (for providers without
     * native auto-merge); never past required checks.
     */
    @DataBoundSetter
    public void setMergeWhenReady(boolean mergeWhenReady) {
        this.mergeWhenReady = mergeWhenReady;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient WaitForGitOpsMergeStep step;

        Execution(WaitForGitOpsMergeStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            if (step.provider == null || step.repository == null || step.number <= 0) {
                throw new hudson.AbortException("waitForGitOpsMerge needs provider, repository and a positive number");
            }
            GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();
            Duration timeout = Steps.duration("timeout", step.timeout, config.getMergeTimeout());
            Duration interval = Steps.duration("pollInterval", step.pollInterval, config.getPollInterval());
            ScmConnections scm = ScmConnections.resolve(
                    step.provider, step.serverUrl, step.repository, null, step.credentialsId, step.githubAppId, run);
            BuildLog log = new BuildLog(
                    listener,
                    scm.credential() == null
                            ? java.util.List.of()
                            : scm.credential().maskedValues());
            log.println("[gitops] Waiting up to "
                    + hudson.Util.getTimeSpanString(timeout.toMillis())
                    + " for "
                    + step.provider
                    + " pull request #"
                    + step.number
                    + " on "
                    + step.repository
                    + " to merge");
            MergeOutcome outcome;
            try {
                ScmContext context = ScmContext.system(log, Duration.ofMinutes(5));
                PullRequestService service =
                        new PullRequestService(ScmProviders.create(scm.connection(), context), context);
                outcome = service.waitForMerge(
                        step.number, new MergeWait(interval, interval.multipliedBy(8), timeout, step.mergeWhenReady));
            } catch (GitOpsException e) {
                throw Steps.abort(e);
            }
            GitOpsBuildAction action = GitOpsBuildAction.of(run);
            PromotionRecord record = action.promotionWithPullRequest(outcome.url(), String.valueOf(outcome.number()));
            if (record != null) {
                record.setPullRequestState(outcome.state());
                record.setMergeCommit(outcome.mergeCommit());
                action.save();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("number", outcome.number());
            result.put("url", outcome.url());
            result.put("state", outcome.state());
            result.put("mergeCommit", outcome.mergeCommit());
            return result;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "waitForGitOpsMerge";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait for a GitOps pull request to merge";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        public ListBoxModel doFillProviderItems() {
            ListBoxModel items = new ListBoxModel();
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
        public FormValidation doCheckNumber(@QueryParameter String value) {
            try {
                return Long.parseLong(value.trim()) > 0
                        ? FormValidation.ok()
                        : FormValidation.error("The pull request number must be positive.");
            } catch (RuntimeException e) {
                return FormValidation.error("Enter the pull request's number.");
            }
        }
    }
}
