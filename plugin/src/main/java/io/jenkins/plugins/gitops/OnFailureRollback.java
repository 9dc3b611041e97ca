package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.LifecycleRecord;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import io.jenkins.plugins.gitops.actions.PromotionSettings;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code waitForGitOpsSync(onFailure: 'rollback')}: undoes exactly the promotion this build recorded
 * for the failed revision (core's {@code RollbackTarget.Undo}: the promotion before it comes back,
 * or nothing happens when the environment moved on since), pushed the way that promotion was: the
 * same repository, environment branch, path template, mode, credentials, signing key and
 * pull-request provider ({@link PromotionSettings}, which {@code gitopsPullRequest} records). Blocks
 * on git and the provider's API: call it off the CPS VM thread and off Jenkins' timer.
 */
final class OnFailureRollback {
    static final String FAIL = "fail";
    static final String ROLLBACK = "rollback";

    private OnFailureRollback() {}

    /** The validated {@code onFailure} value: {@code fail} (the default) or {@code rollback}. */
    static String parse(String value) throws AbortException {
        String text = Steps.text(value);
        if (text == null) {
            return FAIL;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.equals(FAIL) && !lower.equals(ROLLBACK)) {
            throw new AbortException("invalid input: onFailure '" + text + "' is not known; use 'fail' or 'rollback'");
        }
        return lower;
    }

    /**
     * Rolls back {@code record}'s promotion of {@code revision} and records the row on the build
     * page. Never throws: a rollback that could not be done is an outcome the build's failure
     * message reports.
     *
     * @return one line: what was rolled back (commit or pull request), or why nothing was
     */
    static String run(StepContext context, PromotionRecord record, String revision) {
        String subject = record.getApp() + " in " + record.getEnvironment();
        Run<?, ?> run = null;
        try {
            run = context.get(Run.class);
            PromotionSettings settings = record.getSettings();
            if (Boolean.FALSE.equals(record.getChanged())) {
                // the commit is whoever's was there already: undoing it would undo someone else's promotion
                throw new AbortException("this build's promotion of " + subject
                        + " changed nothing (the repository already held it), so there is nothing of this"
                        + " build's to undo");
            }
            if (settings == null) {
                throw new AbortException("this build did not record how it promoted " + subject
                        + " (promoted by an older plugin version?); roll back with gitopsRollback");
            }
            CommitCredentials credentials = CommitCredentials.forBuild(settings, record.getRepository(), run);
            MappedCredential git = credentials.git();
            ScmConnections scm = credentials.scm();
            CommitSigning.Key signing = credentials.signing();
            BuildLog log = credentials.log(context.get(TaskListener.class));
            log.println("[gitops] Rolling back " + subject + ": undoing " + revision + " in " + record.getRepository()
                    + " (" + settings.getBranch() + ", " + settings.getMode() + ")");
            FilePath where = RepositoryWork.where(
                    context, record.getRepository(), settings.getKnownHosts(), "onFailure: 'rollback'");
            RollbackCallable callable = new RollbackCallable(
                            new RollbackCallable.Request(
                                    record.getRepository(),
                                    settings.getBranch(),
                                    record.getApp(),
                                    record.getEnvironment(),
                                    null,
                                    null,
                                    null,
                                    settings.getPath(),
                                    settings.getMode(),
                                    buildUrl(run),
                                    settings.getKnownHosts(),
                                    settings.isAcceptNewHostKeys(),
                                    null,
                                    new ArrayList<>(Steps.list(settings.getLabels())),
                                    new ArrayList<>(Steps.list(settings.getReviewers())),
                                    false,
                                    settings.isAutoMerge()),
                            git,
                            signing,
                            scm,
                            log)
                    .undoing(revision);
            Map<String, Object> result = where.act(callable);
            LifecycleRecord row =
                    LifecycleRecord.rollback(record.getApp(), record.getEnvironment(), "waitForGitOpsSync", result);
            record(run, row);
            return describe(subject, result);
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            record(
                    run,
                    new LifecycleRecord(
                            LifecycleRecord.ROLLBACK,
                            record.getApp(),
                            record.getEnvironment(),
                            "waitForGitOpsSync",
                            null,
                            revision,
                            null,
                            null,
                            "rollback not done: " + reason));
            return "rollback of " + subject + " not done: " + reason;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "rollback of " + subject + " not done: interrupted";
        }
    }

    private static String describe(String subject, Map<String, Object> result) {
        String image = null;
        if (result.get("rollback") instanceof Map<?, ?> rollback
                && rollback.get("target") instanceof Map<?, ?> target
                && target.get("image") instanceof String i) {
            image = i;
        }
        String to = image == null ? "" : " to " + image;
        if (!Boolean.TRUE.equals(result.get("changed"))) {
            return subject + " already is as it was before this promotion" + to + "; nothing rolled back";
        }
        if (result.get("pr") instanceof Map<?, ?> pr) {
            return "rollback of " + subject + to + " proposed: pull request " + pr.get("url") + " (commit "
                    + result.get("commit") + " on " + result.get("branch") + ")";
        }
        return "rolled back " + subject + to + " as " + result.get("commit") + " on " + result.get("branch");
    }

    private static String buildUrl(Run<?, ?> run) {
        String root = Jenkins.get().getRootUrl();
        return root == null ? null : root + run.getUrl();
    }

    private static void record(Run<?, ?> run, LifecycleRecord row) {
        if (run == null) {
            return;
        }
        GitOpsBuildAction action = GitOpsBuildAction.of(run);
        action.addLifecycle(row);
        action.save();
    }
}
