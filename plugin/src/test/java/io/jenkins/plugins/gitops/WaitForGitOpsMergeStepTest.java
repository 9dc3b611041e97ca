package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class WaitForGitOpsMergeStepTest {
    static final String TOKEN = "gitea-t0ken-for-tests";
    static final String MERGE_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String PR_PATH = "/api/v1/repos/org/gitops/pulls/7";

    private JenkinsRule j;
    private WireMockServer gitea;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        gitea = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gitea.start();
        GitOpsTestSupport.addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(TOKEN)));
    }

    @AfterEach
    void tearDown() {
        gitea.stop();
    }

    static String pullRequest(String state, boolean merged) {
        return "{\"number\":7,\"html_url\":\"https://gitea.example.com/org/gitops/pulls/7\",\"state\":\""
                + state
                + "\",\"merged\":"
                + merged
                + (merged ? ",\"merge_commit_sha\":\"" + MERGE_COMMIT + "\"" : "")
                + ",\"merged_by\":{\"login\":\"alice\"},\"head\":{\"ref\":\"gitops/dev/web\"},\"base\":{\"ref\":\"main\"}}";
    }

    private WorkflowJob job() throws Exception {
        return job("1m");
    }

    private WorkflowJob job(String timeout) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(script(gitea.baseUrl(), timeout), true));
        return p;
    }

    /** The Pipeline every test runs; shared with the restart test. */
    static String script(String serverUrl, String timeout) {
        return "def m = waitForGitOpsMerge provider: 'gitea', repository: 'org/gitops', number: 7,"
                + " serverUrl: '"
                + serverUrl
                + "', credentialsId: 'gitea-token', pollInterval: '1s', timeout: '"
                + timeout
                + "'\n"
                + "echo \"state=${m.state} mergeCommit=${m.mergeCommit}\"\n";
    }

    @Test
    void returnsTheMergeCommitOnceThePullRequestIsMerged() throws Exception {
        gitea.stubFor(get(urlEqualTo(PR_PATH))
                .inScenario("merge")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(pullRequest("open", false)))
                .willSetStateTo("merged"));
        gitea.stubFor(get(urlEqualTo(PR_PATH))
                .inScenario("merge")
                .whenScenarioStateIs("merged")
                .willReturn(json(pullRequest("closed", true))));

        WorkflowRun b = j.buildAndAssertSuccess(job());

        j.assertLogContains("state=merged mergeCommit=" + MERGE_COMMIT, b);
        j.assertLogNotContains(TOKEN, b);
        gitea.verify(2, getRequestedFor(urlEqualTo(PR_PATH)).withHeader("Authorization", equalTo("token " + TOKEN)));
        assertEquals(0, j.jenkins.toComputer().countBusy(), "needs no node");
    }

    @Test
    void failsWhenThePullRequestIsClosedWithoutMerging() throws Exception {
        gitea.stubFor(get(urlEqualTo(PR_PATH)).willReturn(json(pullRequest("closed", false))));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, job());

        j.assertLogContains("closed without merging", b);
    }

    @Test
    void waitsWithoutAnExecutorAndStopsLookingWhenTheBuildIsAborted() throws Exception {
        gitea.stubFor(get(urlEqualTo(PR_PATH)).willReturn(json(pullRequest("open", false))));
        WorkflowRun b = job("1h").scheduleBuild2(0).waitForStart();
        j.waitForMessage("Pull request #7 is open", b);
        ((CpsFlowExecution) b.getExecution()).waitForSuspension();
        assertTrue(b.isBuilding());
        assertEquals(0, j.jenkins.toComputer().countBusy(), "no executor is held while waiting");

        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        int looks = gitea.countRequestsMatching(
                        getRequestedFor(urlEqualTo(PR_PATH)).build())
                .getCount();
        Thread.sleep(3000); // three poll intervals
        assertEquals(
                looks,
                gitea.countRequestsMatching(getRequestedFor(urlEqualTo(PR_PATH)).build())
                        .getCount(),
                "no look after the build was aborted");
    }

    @Test
    void failsAtTheDeadlineWithTheStateLastSeen() throws Exception {
        gitea.stubFor(get(urlEqualTo(PR_PATH)).willReturn(json(pullRequest("open", false))));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, job("3s"));

        j.assertLogContains("timed out: gitea pull request #7 on org/gitops is still open after", b);
        j.assertLogContains("review it at https://gitea.example.com/org/gitops/pulls/7", b);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }
}
