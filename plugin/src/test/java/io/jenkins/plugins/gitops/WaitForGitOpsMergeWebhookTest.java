package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.ScmServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

/**
 * {@code POST /gitops-webhook/scm/gitea}: a signed merge webhook makes a {@code waitForGitOpsMerge}
 * polling once an hour look at once; unsigned or mis-signed requests are 401 and change nothing.
 */
@WithJenkins
class WaitForGitOpsMergeWebhookTest {
    static final String WEBHOOK_SECRET = "gitea-webhook-secret";
    static final String PR_PATH = WaitForGitOpsMergeStepTest.PR_PATH;

    private JenkinsRule j;
    private WireMockServer gitea;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        gitea = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gitea.start();
        GitOpsTestSupport.addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(WaitForGitOpsMergeStepTest.TOKEN)));
        GitOpsTestSupport.addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "gitea-webhook", "Gitea webhook", Secret.fromString(WEBHOOK_SECRET)));
        ScmServer server = new ScmServer("gitea", gitea.baseUrl());
        server.setCredentialsId("gitea-token");
        server.setWebhookSecretCredentialsId("gitea-webhook");
        GitOpsGlobalConfiguration.get().setScmServers(List.of(server));
    }

    @AfterEach
    void tearDown() {
        gitea.stop();
    }

    /** Gitea's {@code pull_request} {@code closed} payload for the merged pull request #7. */
    private static byte[] mergedEvent() {
        return ("{\"action\":\"closed\",\"number\":7,\"pull_request\":{\"number\":7,\"state\":\"closed\","
                        + "\"merged\":true,\"merge_commit_sha\":\""
                        + WaitForGitOpsMergeStepTest.MERGE_COMMIT
                        + "\"},\"repository\":{\"full_name\":\"org/gitops\"},\"sender\":{\"login\":\"alice\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private WorkflowRun waitingBuild() throws Exception {
        gitea.stubFor(get(urlEqualTo(PR_PATH))
                .willReturn(WaitForGitOpsMergeStepTest.json(WaitForGitOpsMergeStepTest.pullRequest("open", false))));
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        // one look an hour: only the webhook can end this wait within the test
        p.setDefinition(new CpsFlowDefinition(
                "def m = waitForGitOpsMerge provider: 'gitea', repository: 'org/gitops', number: 7,"
                        + " serverUrl: '"
                        + gitea.baseUrl()
                        + "', credentialsId: 'gitea-token', pollInterval: '1h', timeout: '2h'\n"
                        + "echo \"state=${m.state} mergeCommit=${m.mergeCommit}\"\n",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Pull request #7 is open", b);
        ((CpsFlowExecution) b.getExecution()).waitForSuspension();
        return b;
    }

    @Test
    void aSignedMergeWebhookEndsTheWaitAtOnce() throws Exception {
        WorkflowRun b = waitingBuild();
        gitea.stubFor(get(urlEqualTo(PR_PATH))
                .willReturn(WaitForGitOpsMergeStepTest.json(WaitForGitOpsMergeStepTest.pullRequest("closed", true))));
        byte[] body = mergedEvent();

        HttpResponse<String> answer = GitOpsTestSupport.post(
                j,
                "gitops-webhook/scm/gitea",
                body,
                "X-Gitea-Event",
                "pull_request",
                "X-Gitea-Signature",
                sign(WEBHOOK_SECRET, body));

        assertEquals(200, answer.statusCode(), answer.body());
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("state=merged mergeCommit=" + WaitForGitOpsMergeStepTest.MERGE_COMMIT, b);
    }

    @Test
    void aMisSignedWebhookIs401AndTheWaitGoesOn() throws Exception {
        WorkflowRun b = waitingBuild();
        byte[] body = mergedEvent();

        HttpResponse<String> forged = GitOpsTestSupport.post(
                j,
                "gitops-webhook/scm/gitea",
                body,
                "X-Gitea-Event",
                "pull_request",
                "X-Gitea-Signature",
                sign("guessed", body));
        HttpResponse<String> unsigned =
                GitOpsTestSupport.post(j, "gitops-webhook/scm/gitea", body, "X-Gitea-Event", "pull_request");

        assertEquals(401, forged.statusCode());
        assertEquals(401, unsigned.statusCode());
        TimeUnit.SECONDS.sleep(2);
        assertTrue(b.isBuilding());
        b.doStop();
        j.waitForCompletion(b);
    }

    @Test
    void anUnknownProviderPathIs404() throws Exception {
        HttpResponse<String> answer =
                GitOpsTestSupport.post(j, "gitops-webhook/scm/sourceforge", "{}".getBytes(StandardCharsets.UTF_8));

        assertEquals(404, answer.statusCode());
    }
}
