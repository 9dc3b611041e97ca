package io.jenkins.plugins.gitops;

import static io.jenkins.plugins.gitops.GitOpsTestSupport.fixture;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fluxSignature;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.postFlux;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.waitScript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.CpsFlowExecution;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

class WaitForGitOpsSyncRestartTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aWaitPausedAcrossARestartResumesFromTheWebhook() throws Throwable {
        sessions.then(j -> {
            GitOpsTestSupport.configureWebhookSecrets();
            WorkflowJob p = j.createProject(WorkflowJob.class, "app");
            p.setDefinition(new CpsFlowDefinition(waitScript(", timeout: '1h'"), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Waiting up to", b);
            ((CpsFlowExecution) b.getExecution()).waitForSuspension();
        });
        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("app", WorkflowJob.class).getLastBuild();
            assertTrue(b.isBuilding(), "still waiting after the restart");
            byte[] body = fixture("flux-kustomization-succeeded.json");

            assertEquals(200, postFlux(j, body, fluxSignature(body)).statusCode());

            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Jenkins restarted; waiting again", b);
            j.assertLogContains("outcome=succeeded", b);
        });
    }

    @Test
    void theDeadlineSurvivesARestart() throws Throwable {
        sessions.then(j -> {
            GitOpsTestSupport.configureWebhookSecrets();
            WorkflowJob p = j.createProject(WorkflowJob.class, "app");
            p.setDefinition(new CpsFlowDefinition(waitScript(", timeout: '5s'"), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Waiting up to", b);
            ((CpsFlowExecution) b.getExecution()).waitForSuspension();
        });
        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("app", WorkflowJob.class).getLastBuild();
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            j.assertLogContains("no event about the revision yet", b);
        });
    }
}
