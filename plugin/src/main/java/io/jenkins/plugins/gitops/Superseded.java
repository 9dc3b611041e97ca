package io.jenkins.plugins.gitops;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.actions.PromotionSettings;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.BuildLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.actions.WarningAction;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The outcome {@code superseded} of {@code waitForGitOpsMerge} and {@code waitForGitOpsSync}: core's
 * {@code SupersedeCheck} run for the promotion this build recorded, and the step ended with result
 * {@code NOT_BUILT}.
 *
 * <p>How the step ends: like {@code unstable} in workflow-basic-steps, the build's result is made
 * worse with {@link Run#setResult} and the step's node carries a {@link WarningAction} (so stage
 * views show it), then the step <em>returns</em> normally with {@code outcome: 'superseded'}. A
 * {@code FlowInterruptedException(Result.NOT_BUILT)} (what {@code input} does when aborted) would
 * also give {@code NOT_BUILT}, but it throws: the Jenkinsfile could not read the step's value and
 * every later stage would be skipped, while a superseded build may still want to clean up or
 * notify. {@code NOT_BUILT} is worse than {@code FAILURE} in Jenkins' order, so {@code setResult}
 * applies it even after an earlier failure was caught.
 */
final class Superseded {
    private static final Logger LOGGER = Logger.getLogger(Superseded.class.getName());

    private Superseded() {}

    /**
     * Whether another build promoted {@code record}'s app and environment since {@code ownCommit}.
     * Blocks on git: call it off the CPS VM thread and off Jenkins' timer. A check that cannot run
     * answers no, and the wait's own outcome stands: silently when there is nowhere to run it (no
     * settings recorded; a repository on the agent and no workspace, see {@link RepositoryWork}),
     * with a warning in the build log when the repository cannot be read.
     *
     * @return the newer promotion as plain strings, or null
     */
    static Map<String, String> check(
            StepContext context, PromotionRecord record, String ownCommit, boolean waitingForMerge) {
        PromotionSettings settings = record.getSettings();
        if (settings == null || record.getApp() == null || ownCommit == null) {
            return null;
        }
        BuildLog log = new BuildLog(TaskListener.NULL);
        try {
            if (!RepositoryWork.canRun(context, record.getRepository(), settings.getKnownHosts())) {
                return null;
            }
            Run<?, ?> run = context.get(Run.class);
            MappedCredential git = settings.getCredentialsId() == null
                    ? null
                    : GitOpsCredentials.forBuild(settings.getCredentialsId(), run, "GitOps repository credentials");
            log = new BuildLog(context.get(TaskListener.class), git == null ? List.of() : git.maskedValues());
            FilePath where = RepositoryWork.where(
                    context, record.getRepository(), settings.getKnownHosts(), "the check for a newer promotion");
            return where.act(new SupersedeCallable(
                    new SupersedeCallable.Request(
                            record.getRepository(),
                            settings.getBranch(),
                            record.getApp(),
                            record.getEnvironment(),
                            settings.getPath(),
                            ownCommit,
                            waitingForMerge,
                            settings.getKnownHosts(),
                            settings.isAcceptNewHostKeys()),
                    git,
                    log));
        } catch (IOException | RuntimeException e) {
            log.println("[gitops] WARNING: cannot check for a newer promotion of " + record.getApp() + " in "
                    + record.getEnvironment() + ": " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Ends the step as superseded: the log line naming the newer promotion, the row on the build page,
     * result {@code NOT_BUILT}, and {@code result} (with {@code supersededBy}) as the step's value.
     */
    static void end(
            StepContext context,
            PromotionRecord record,
            String ownCommit,
            String trigger,
            Map<String, String> newer,
            Map<String, Object> result) {
        String line = "superseded: " + newer.get("description");
        try {
            Run<?, ?> run = context.get(Run.class);
            new BuildLog(context.get(TaskListener.class))
                    .println("[gitops] " + record.getApp() + " in " + record.getEnvironment() + " was " + line
                            + "; this build's promotion " + ownCommit + " will not be deployed as such,"
                            + " so the build ends NOT_BUILT");
            GitOpsBuildAction action = GitOpsBuildAction.of(run);
            record.setSync("superseded", newer.get("description"));
            action.addLifecycle(new LifecycleRecord(
                    LifecycleRecord.SUPERSEDED,
                    record.getApp(),
                    record.getEnvironment(),
                    trigger,
                    newer.get("commit"),
                    ownCommit,
                    null,
                    newer.get("buildUrl"),
                    newer.get("description")));
            action.save();
            FlowNode node = context.get(FlowNode.class);
            if (node != null) {
                node.addOrReplaceAction(new WarningAction(Result.NOT_BUILT).withMessage(line));
            }
            run.setResult(Result.NOT_BUILT);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, trigger + " could not record its superseded outcome", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        result.put("supersededBy", new java.util.LinkedHashMap<>(newer));
        context.onSuccess(result);
    }
}
