package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * The controller side of {@code gitopsPullRequest}: resolves the credentials for the build, sends
 * {@link PromoteCallable} to the agent that holds the rendered manifests, and records the outcome on
 * the build. Short network I/O, so it does not survive a restart (as every synchronous step).
 */
final class GitOpsPullRequestExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;
    private final transient GitOpsPullRequestStep step;

    GitOpsPullRequestExecution(GitOpsPullRequestStep step, StepContext context) {
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
                || step.getEnvironment() == null
                || step.getFrom() == null) {
            throw new AbortException("gitopsPullRequest needs repository, branch, app, environment and from");
        }
        Duration timeout = Steps.duration("timeout", step.getTimeout(), "5m");
        CommitCredentials credentials = CommitCredentials.forBuild(step.promotionSettings(), step.getRepository(), run);
        MappedCredential git = credentials.git();
        ScmConnections scm = credentials.scm();
        CommitSigning.Key signing = credentials.signing();
        BuildLog log = credentials.log(listener);
        String mode = step.effectiveMode();
        String sourceCommit = step.getSourceCommit() != null ? step.getSourceCommit() : env.get("GIT_COMMIT");
        String sourceRepository = step.getSourceRepository() != null ? step.getSourceRepository() : env.get("GIT_URL");
        String buildUrl = env.get("BUILD_URL");
        log.println("[gitops] Promoting "
                + step.getApp()
                + " to "
                + step.getEnvironment()
                + " in "
                + step.getRepository()
                + " ("
                + step.getBranch()
                + ", "
                + mode
                + ")");
        PromoteCallable callable = new PromoteCallable(
                new PromoteCallable.Request(
                        step.getRepository(),
                        step.getBranch(),
                        step.getApp(),
                        step.getEnvironment(),
                        step.getFrom(),
                        step.getPath(),
                        mode,
                        step.getMessage(),
                        step.getImage(),
                        sourceRepository,
                        sourceCommit,
                        buildUrl,
                        step.getAuthorName(),
                        step.getAuthorEmail(),
                        step.getKnownHosts(),
                        step.isAcceptNewHostKeys(),
                        step.getTitle(),
                        new ArrayList<>(Steps.list(step.getLabels())),
                        new ArrayList<>(Steps.list(step.getReviewers())),
                        step.isDraft(),
                        step.isAutoMerge(),
                        timeout.toMillis(),
                        new ArrayList<>(Steps.list(step.getAllowSecrets())),
                        step.isAllowPlainSecrets(),
                        step.isPromoteSecretOnlyChanges()),
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
        p.setImage(step.getImage());
        p.setRepository(step.getRepository());
        p.setBranch((String) result.get("branch"));
        p.setCommit((String) result.get("commit"));
        p.setChanged((Boolean) result.get("changed"));
        p.setSecretValuesOnly(Boolean.TRUE.equals(result.get("secretValuesOnly")));
        p.setSettings(step.promotionSettings()); // how to roll it back (issue #15)
        if (result.get("pr") instanceof Map<?, ?> pr) {
            p.setPullRequest(String.valueOf(pr.get("number")), (String) pr.get("url"), (String) pr.get("state"));
        }
        action.save();
    }
}
