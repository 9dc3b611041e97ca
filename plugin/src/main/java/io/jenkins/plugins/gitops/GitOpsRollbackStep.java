package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.util.ArrayList;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsRollback}: makes an app's environment directory in the GitOps repository exactly
 * equal to its tree at an earlier promotion (core's {@code lifecycle.Rollback}), pushed like {@code
 * gitopsPullRequest} pushes a promotion: directly, or onto the promotion branch with a pull request
 * (the open one is updated). Runs on an agent (core's JGit, with the mapped Jenkins credentials),
 * like {@code gitopsPullRequest}, so it needs a workspace.
 */
public class GitOpsRollbackStep extends CommittingStep {
    private String to;
    private int steps;
    private String toImage;

    /**
     * @param repository the GitOps repository's URL ({@code https://}, {@code ssh://}, {@code
     *     git@host:path}, {@code file://}) or a path on the agent
     * @param branch the environment branch, e.g. {@code main} or {@code env/dev}
     * @param app the app's name
     * @param environment the environment's name
     */
    @DataBoundConstructor
    public GitOpsRollbackStep(String repository, String branch, String app, String environment) {
        super(repository, branch, app, environment);
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
            if (step.getRepository() == null
                    || step.getBranch() == null
                    || step.getApp() == null
                    || step.getEnvironment() == null) {
                throw new hudson.AbortException("gitopsRollback needs repository, branch, app and environment");
            }
            int targets = (step.to != null ? 1 : 0) + (step.steps != 0 ? 1 : 0) + (step.toImage != null ? 1 : 0);
            if (targets != 1) {
                throw new hudson.AbortException(
                        "invalid input: gitopsRollback needs exactly one of to, steps or toImage");
            }
            String mode = step.effectiveMode();
            CommitCredentials credentials =
                    CommitCredentials.forBuild(step.promotionSettings(), step.getRepository(), run);
            MappedCredential git = credentials.git();
            ScmConnections scm = credentials.scm();
            CommitSigning.Key signing = credentials.signing();
            BuildLog log = credentials.log(listener);
            String buildUrl = env.get("BUILD_URL");
            log.println("[gitops] Rolling back "
                    + step.getApp()
                    + " in "
                    + step.getEnvironment()
                    + " of "
                    + step.getRepository()
                    + " ("
                    + step.getBranch()
                    + ", "
                    + mode
                    + ")");
            RollbackCallable callable = new RollbackCallable(
                    new RollbackCallable.Request(
                            step.getRepository(),
                            step.getBranch(),
                            step.getApp(),
                            step.getEnvironment(),
                            step.to,
                            step.steps == 0 ? null : step.steps,
                            step.toImage,
                            step.getPath(),
                            mode,
                            buildUrl,
                            step.getKnownHosts(),
                            step.isAcceptNewHostKeys(),
                            step.getTitle(),
                            new ArrayList<>(Steps.list(step.getLabels())),
                            new ArrayList<>(Steps.list(step.getReviewers())),
                            step.isDraft(),
                            step.isAutoMerge()),
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
            PromotionRecord p = action.promotion(step.getApp(), step.getEnvironment());
            if (result.get("rollback") instanceof Map<?, ?> rollback
                    && rollback.get("target") instanceof Map<?, ?> target) {
                p.setImage((String) target.get("image"));
            }
            p.setRepository(step.getRepository());
            p.setBranch((String) result.get("branch"));
            p.setCommit((String) result.get("commit"));
            p.setChanged((Boolean) result.get("changed"));
            if (result.get("pr") instanceof Map<?, ?> pr) {
                p.setPullRequest(String.valueOf(pr.get("number")), (String) pr.get("url"), (String) pr.get("state"));
            }
            action.addLifecycle(
                    LifecycleRecord.rollback(step.getApp(), step.getEnvironment(), "gitopsRollback", result));
            action.save();
        }
    }

    @Extension
    public static final class DescriptorImpl extends CommittingStepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Roll an environment back to an earlier promotion (directly or by pull request)";
        }
    }
}
