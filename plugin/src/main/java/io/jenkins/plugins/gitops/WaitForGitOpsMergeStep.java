package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.MergeWaitTimedOutException;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestClosedException;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestState;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.ScmUnavailableException;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.config.ScmServer;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code waitForGitOpsMerge}: waits until a pull request on the GitOps repository is merged and
 * returns its merge commit, the revision the reconciler will report. Talks only to the provider's
 * API, so it needs no {@code node}. While it waits it holds no executor and no thread: each look is
 * scheduled with backoff (see {@link Execution}); it survives a controller restart.
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

    /**
     * Waits without a thread, as {@code sleep} does: {@link #start()} returns {@code false} and each
     * look at the pull request is scheduled on Jenkins' {@link Timer}, with backoff, up to an absolute
     * deadline. The look itself (a blocking API call) runs on {@link Computer#threadPoolForRemoting},
     * never on the timer's few threads. Persisted: the step's arguments as plain strings and
     * numbers, and the deadline; never a secret (credentials are looked up by id for each look).
     * {@link #onResume()} looks again at once and goes on until the same deadline; {@link
     * #stop(Throwable)} cancels the next look.
     */
    static final class Execution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private static final Logger LOGGER = Logger.getLogger(Execution.class.getName());
        /** The longest one look may wait out a provider's rate limit before failing. */
        private static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(30);

        private final transient WaitForGitOpsMergeStep step;
        private String provider;
        private String serverUrl;
        private String repository;
        private String credentialsId;
        private String githubAppId;
        private long number;
        private boolean mergeWhenReady;
        /** When to give up, epoch milliseconds. */
        private long deadline;

        private long timeoutMillis;
        private long intervalMillis;
        private long maxIntervalMillis;

        private transient volatile ScheduledFuture<?> task;
        private transient volatile AtomicBoolean finished;
        /** The pause before the next look (looks run one after another); the interval again after a restart. */
        private transient long pauseMillis;

        private transient volatile String lastState;

        /** This wait's key in {@link MergeWebhookWaits}, or null when not registered. */
        private transient volatile String webhookKey;

        /** A webhook came while a look ran: that look's answer may predate it, so the next look is at once. */
        private transient volatile AtomicBoolean lookAgain;

        /** When a look last checked for a newer promotion (epoch ms); 0: the next look does. */
        private transient volatile long lastSupersedeCheck;

        Execution(WaitForGitOpsMergeStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        public boolean start() throws Exception {
            if (step.provider == null || step.repository == null || step.number <= 0) {
                throw new AbortException("waitForGitOpsMerge needs provider, repository and a positive number");
            }
            GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();
            Duration timeout = Steps.duration("timeout", step.timeout, config.getMergeTimeout());
            Duration interval = Steps.duration("pollInterval", step.pollInterval, config.getPollInterval());
            if (interval.isZero() || interval.isNegative()) {
                throw new AbortException("pollInterval must be positive");
            }
            provider = step.provider;
            serverUrl = step.serverUrl;
            repository = step.repository;
            credentialsId = step.credentialsId;
            githubAppId = step.githubAppId;
            number = step.number;
            mergeWhenReady = step.mergeWhenReady;
            timeoutMillis = timeout.toMillis();
            intervalMillis = interval.toMillis();
            maxIntervalMillis = interval.multipliedBy(8).toMillis();
            deadline = System.currentTimeMillis() + timeoutMillis;
            initTransients();
            getContext()
                    .get(TaskListener.class)
                    .getLogger()
                    .println("[gitops] Waiting up to "
                            + Util.getTimeSpanString(timeoutMillis)
                            + " for "
                            + provider
                            + " pull request #"
                            + number
                            + " on "
                            + repository
                            + " to merge");
            getContext().get(FlowNode.class).addAction(new PauseAction("GitOps pull request merge"));
            registerForWebhooks();
            schedule(0);
            return false;
        }

        @Override
        public void onResume() {
            initTransients();
            try {
                getContext()
                        .get(TaskListener.class)
                        .getLogger()
                        .println("[gitops] Jenkins restarted; looking at pull request #"
                                + number
                                + " again, waiting until "
                                + Instant.ofEpochMilli(deadline));
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.FINE, "no build log for waitForGitOpsMerge", e);
            }
            // a look first, even past the deadline: it may have merged while Jenkins was down
            registerForWebhooks();
            schedule(0);
        }

        /** The transient fields are in-memory coordination only; fresh ones after loading. */
        private Object readResolve() {
            initTransients();
            return this;
        }

        @Override
        public void stop(@NonNull Throwable cause) throws Exception {
            if (finished == null || finished.compareAndSet(false, true)) {
                cancelNextLook();
                endPause();
                getContext().onFailure(cause);
            }
        }

        @Override
        public String getStatus() {
            long now = System.currentTimeMillis();
            String seen = lastState == null ? "not looked at yet" : "last seen " + lastState;
            return "waiting for pull request #"
                    + number
                    + " on "
                    + repository
                    + " to merge ("
                    + seen
                    + "), "
                    + (deadline > now
                            ? "giving up in " + Util.getTimeSpanString(deadline - now)
                            : "past the deadline by " + Util.getTimeSpanString(now - deadline));
        }

        private void initTransients() {
            finished = new AtomicBoolean();
            lookAgain = new AtomicBoolean();
            pauseMillis = intervalMillis;
        }

        /**
         * The next look in {@code delayMillis}: timed on the Timer, run off it. None while Jenkins shuts
         * down: the resumed execution looks again.
         */
        private void schedule(long delayMillis) {
            if (shuttingDown()) {
                return;
            }
            task = Timer.get()
                    .schedule(
                            () -> Computer.threadPoolForRemoting.execute(this::look),
                            Math.max(0, delayMillis),
                            TimeUnit.MILLISECONDS);
        }

        private static boolean shuttingDown() {
            Jenkins jenkins = Jenkins.getInstanceOrNull();
            return jenkins == null || jenkins.isTerminating();
        }

        private void cancelNextLook() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }

        /** One look: merged → success; closed → failure; open → the next look, or the timeout. */
        private void look() {
            if (finished.get() || shuttingDown()) {
                return;
            }
            lookAgain.set(false); // this look reads the provider after every webhook so far
            BuildLog log = new BuildLog(TaskListener.NULL);
            PullRequest seen = null;
            try {
                ScmConnections scm = ScmConnections.resolve(
                        provider,
                        serverUrl,
                        repository,
                        null,
                        credentialsId,
                        githubAppId,
                        getContext().get(Run.class));
                ScmConnection connection = scm.connection(); // names missing credentials
                log = new BuildLog(
                        getContext().get(TaskListener.class), scm.credential().maskedValues());
                ScmContext context = ScmContext.system(log, RATE_LIMIT_WAIT);
                PullRequestService service = new PullRequestService(ScmProviders.create(connection, context), context);
                try {
                    seen = service.checkMerge(number, mergeWhenReady);
                } catch (ScmUnavailableException unavailable) {
                    log.println("[gitops] " + unavailable.getMessage() + "; looking again later");
                }
                if (seen != null && seen.state() == PullRequestState.MERGED) {
                    succeed(seen, log);
                    return;
                }
                if (superseded(false)) {
                    return;
                }
                if (seen != null && !seen.state().jsonName().equals(lastState)) {
                    log.println("[gitops] Pull request #" + number + " is "
                            + seen.state().jsonName() + ": " + seen.url());
                }
                lastState = seen == null ? lastState : seen.state().jsonName();
                next(seen);
            } catch (PullRequestClosedException closed) {
                record(closed.pullRequest());
                if (!superseded(true)) {
                    fail(Steps.abort(closed));
                }
            } catch (GitOpsException e) {
                failUnlessShuttingDown(Steps.abort(e));
            } catch (IOException | InterruptedException | RuntimeException e) {
                failUnlessShuttingDown(e);
            }
        }

        /**
         * A look cut short by Jenkins shutting down must not fail the build: the execution is saved
         * with the Pipeline and {@link #onResume()} looks again.
         */
        private void failUnlessShuttingDown(Throwable cause) {
            if (shuttingDown()) {
                LOGGER.log(
                        Level.FINE,
                        "waitForGitOpsMerge: a look ended by the shutdown; it looks again on resume",
                        cause);
                return;
            }
            fail(cause);
        }

        /** Schedules the next look with backoff, or fails once the deadline has passed. */
        private void next(PullRequest seen) {
            long now = System.currentTimeMillis();
            if (now >= deadline && superseded(true)) {
                return;
            }
            if (now >= deadline) {
                fail(Steps.abort(new MergeWaitTimedOutException(
                        provider
                                + " pull request #"
                                + number
                                + " on "
                                + repository
                                + " is still "
                                + (lastState == null ? "unknown" : lastState)
                                + " after "
                                + Util.getTimeSpanString(timeoutMillis)
                                + (seen == null ? "" : "; review it at " + seen.url()),
                        seen)));
                return;
            }
            long pause = Math.min(pauseMillis, deadline - now);
            pauseMillis = Math.min(pauseMillis * 2, maxIntervalMillis);
            if (!finished.get()) {
                schedule(lookAgain.getAndSet(false) ? 0 : pause);
            }
        }

        private void succeed(PullRequest merged, BuildLog log) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            endPause();
            record(merged);
            log.println("[gitops] Pull request #" + number + " merged as " + merged.mergeCommit());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("number", merged.number());
            result.put("url", merged.url());
            result.put("state", merged.state().jsonName());
            result.put("mergeCommit", merged.mergeCommit());
            getContext().onSuccess(result);
        }

        private void fail(Throwable cause) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            endPause();
            getContext().onFailure(cause);
        }

        /**
         * Whether another build promoted the same app and environment since this build's promotion
         * that the pull request carries (checked at most every {@link
         * WaitForGitOpsSyncExecution#supersedeCheckSeconds} unless {@code now}); if so the step
         * ends as superseded ({@link Superseded}). Runs on the look's thread, never the timer's.
         */
        private boolean superseded(boolean now) {
            long time = System.currentTimeMillis();
            if (!now && time - lastSupersedeCheck < WaitForGitOpsSyncExecution.supersedeCheckSeconds * 1000) {
                return false;
            }
            lastSupersedeCheck = time;
            PromotionRecord own;
            try {
                GitOpsBuildAction action = getContext().get(Run.class).getAction(GitOpsBuildAction.class);
                own = action == null ? null : action.promotionWithPullRequest(null, String.valueOf(number));
            } catch (IOException | InterruptedException | RuntimeException e) {
                return false;
            }
            if (own == null || own.getApp() == null || own.getCommit() == null) {
                return false; // not this build's promotion: nothing to be superseded
            }
            Map<String, String> newer = Superseded.check(getContext(), own, own.getCommit(), true);
            if (newer == null || !finished.compareAndSet(false, true)) {
                return newer != null;
            }
            cancelNextLook();
            endPause();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("number", number);
            result.put("url", own.getPullRequestUrl());
            result.put("state", "superseded");
            result.put("mergeCommit", null);
            Superseded.end(getContext(), own, own.getCommit(), "waitForGitOpsMerge", newer, result);
            return true;
        }

        private void registerForWebhooks() {
            webhookKey = MergeWebhookWaits.key(provider, repository, number);
            MergeWebhookWaits.register(webhookKey, this);
        }

        /**
         * A webhook said the pull request was merged or closed: the next look now instead of after
         * the pause. When a look is running already (its task has run, so cannot be cancelled), the
         * flag makes that look schedule the next one at once instead of after the pause.
         */
        void lookNow() {
            lookAgain.set(true);
            ScheduledFuture<?> t = task;
            if (!finished.get() && t != null && t.cancel(false)) {
                schedule(0);
            }
        }

        private void endPause() {
            MergeWebhookWaits.unregister(webhookKey, this);
            try {
                PauseAction.endCurrentPause(getContext().get(FlowNode.class));
            } catch (IOException | InterruptedException | RuntimeException e) {
                // the step must still complete; the node's pause marker is cosmetic
                LOGGER.log(Level.FINE, "could not end the pause of waitForGitOpsMerge", e);
            }
        }

        /** The build page's record of the promotion this pull request carries; never decides the outcome. */
        private void record(PullRequest pullRequest) {
            if (pullRequest == null) {
                return;
            }
            try {
                GitOpsBuildAction action = GitOpsBuildAction.of(getContext().get(Run.class));
                PromotionRecord record =
                        action.promotionWithPullRequest(pullRequest.url(), String.valueOf(pullRequest.number()));
                if (record != null) {
                    record.setPullRequestState(pullRequest.state().jsonName());
                    record.setMergeCommit(pullRequest.mergeCommit());
                    action.save();
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.WARNING, "waitForGitOpsMerge could not update the build's GitOps record", e);
            }
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
            return Set.of(Run.class, TaskListener.class, FlowNode.class);
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
        public FormValidation doCheckNumber(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Steps.mayCheck(item)) {
                return FormValidation.ok();
            }
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
