package io.jenkins.plugins.gitops;

import static io.jenkins.plugins.gitops.GitOpsTestSupport.fluxSignature;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.postFlux;
import static io.jenkins.plugins.gitops.WaitForGitOpsSyncLifecycleTest.failure;
import static io.jenkins.plugins.gitops.WaitForGitOpsSyncLifecycleTest.promote;
import static io.jenkins.plugins.gitops.WaitForGitOpsSyncLifecycleTest.tip;
import static io.jenkins.plugins.gitops.WaitForGitOpsSyncLifecycleTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.CpsFlowExecution;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** {@code onFailure: 'rollback'} still undoes the build's promotion after a controller restart. */
class WaitForGitOpsSyncRollbackRestartTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path tmp;

    @Test
    void aFailureAfterARestartRollsBackThePromotionRecordedBeforeIt() throws Throwable {
        Path remote = tmp.resolve("gitops.git");
        ObjectId[] promoted = new ObjectId[1];
        sessions.then(j -> {
            GitOpsTestSupport.configureWebhookSecrets();
            j.jenkins.setNumExecutors(2);
            WorkflowJob first = j.createProject(WorkflowJob.class, "first");
            first.setDefinition(new CpsFlowDefinition("node {\n" + promote(remote, "1") + "}\n", true));
            j.buildAndAssertSuccess(first);
            WorkflowJob p = j.createProject(WorkflowJob.class, "app");
            p.setDefinition(new CpsFlowDefinition(
                    "node {\n" + promote(remote, "2") + waitFor(", onFailure: 'rollback'") + "}\n", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Waiting up to", b);
            ((CpsFlowExecution) b.getExecution()).waitForSuspension();
            promoted[0] = tip(remote);
        });
        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("app", WorkflowJob.class).getLastBuild();
            assertTrue(b.isBuilding(), "still waiting after the restart");
            byte[] body = failure(promoted[0]);

            assertEquals(200, postFlux(j, body, fluxSignature(body)).statusCode());

            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            ObjectId rollback = tip(remote);
            assertNotEquals(promoted[0], rollback);
            j.assertLogContains(
                    "rolled back web in dev to registry.example.com/web:1 as " + rollback.name() + " on main", b);
        });
    }
}
