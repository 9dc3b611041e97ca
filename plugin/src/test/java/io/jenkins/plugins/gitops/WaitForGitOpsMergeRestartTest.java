package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.jenkins.plugins.gitops.WaitForGitOpsMergeStepTest.MERGE_COMMIT;
import static io.jenkins.plugins.gitops.WaitForGitOpsMergeStepTest.PR_PATH;
import static io.jenkins.plugins.gitops.WaitForGitOpsMergeStepTest.TOKEN;
import static io.jenkins.plugins.gitops.WaitForGitOpsMergeStepTest.json;
import static io.jenkins.plugins.gitops.WaitForGitOpsMergeStepTest.pullRequest;
import static io.jenkins.plugins.gitops.WaitForGitOpsMergeStepTest.script;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.model.Result;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.CpsFlowExecution;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** {@code waitForGitOpsMerge} across a controller restart: the same provider, before and after. */
class WaitForGitOpsMergeRestartTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private WireMockServer gitea;

    @BeforeEach
    void startGitea() {
        gitea = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gitea.start();
    }

    @AfterEach
    void stopGitea() {
        gitea.stop();
    }

    private void startWaiting(String timeout) throws Throwable {
        gitea.stubFor(get(urlEqualTo(PR_PATH)).willReturn(json(pullRequest("open", false))));
        sessions.then(j -> {
            GitOpsTestSupport.addCredentials(new StringCredentialsImpl(
                    CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(TOKEN)));
            WorkflowJob p = j.createProject(WorkflowJob.class, "app");
            p.setDefinition(new CpsFlowDefinition(script(gitea.baseUrl(), timeout), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            j.waitForMessage("Pull request #7 is open", b);
            ((CpsFlowExecution) b.getExecution()).waitForSuspension();
        });
    }

    @Test
    void aWaitAcrossARestartLooksAgainAndReturnsTheMergeCommit() throws Throwable {
        startWaiting("1h");
        gitea.resetMappings();
        gitea.stubFor(get(urlEqualTo(PR_PATH)).willReturn(json(pullRequest("closed", true))));

        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("app", WorkflowJob.class).getLastBuild();
            assertTrue(b.isBuilding(), "still waiting after the restart");

            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Jenkins restarted; looking at pull request #7 again", b);
            j.assertLogContains("state=merged mergeCommit=" + MERGE_COMMIT, b);
            j.assertLogNotContains(TOKEN, b);
        });
    }

    @Test
    void theDeadlineSurvivesARestart() throws Throwable {
        startWaiting("10s");
        Thread.sleep(10_000); // the deadline passes while Jenkins is down

        sessions.then(j -> {
            WorkflowRun b =
                    j.jenkins.getItemByFullName("app", WorkflowJob.class).getLastBuild();
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
            j.assertLogContains("Jenkins restarted; looking at pull request #7 again", b);
            j.assertLogContains("is still open after", b);
        });
    }
}
