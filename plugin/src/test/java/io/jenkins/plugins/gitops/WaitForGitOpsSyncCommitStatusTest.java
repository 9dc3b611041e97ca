package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.FLUX_REVISION;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fixture;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fluxSignature;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.postFlux;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The GitOps-connector role: each phase of the sync as a commit status on both sides of the promotion. */
@WithJenkins
class WaitForGitOpsSyncCommitStatusTest {
    private static final String SOURCE_COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final String TOKEN = "gitea-t0ken-for-tests";

    private JenkinsRule j;
    private WireMockServer gitea;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        GitOpsTestSupport.configureWebhookSecrets();
        gitea = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        gitea.start();
        gitea.stubFor(post(urlMatching("/api/v1/repos/org/.*/statuses/.*"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{}")));
        GitOpsTestSupport.addCredentials(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "gitea-token", "Gitea", Secret.fromString(TOKEN)));
    }

    @AfterEach
    void tearDown() {
        gitea.stop();
    }

    @Test
    void mirrorsPendingThenSuccessOnTheGitOpsAndTheSourceCommit() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                GitOpsTestSupport.waitScript(", statusProvider: 'gitea', statusServerUrl: '"
                        + gitea.baseUrl()
                        + "', statusRepository: 'org/gitops', statusCredentialsId: 'gitea-token',"
                        + " statusContext: 'gitops/staging', sourceRepository: 'org/web', sourceCommit: '"
                        + SOURCE_COMMIT
                        + "'"),
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Waiting up to", b);
        String gitopsStatuses = "/api/v1/repos/org/gitops/statuses/" + FLUX_REVISION;
        eventually(() -> gitea.verify(postRequestedFor(urlEqualTo(gitopsStatuses))
                .withRequestBody(matchingJsonPath("$.state", equalTo("pending")))));

        byte[] body = fixture("flux-kustomization-succeeded.json");
        postFlux(j, body, fluxSignature(body));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        String buildUrl = j.getURL() + b.getUrl(); // getURL() throws IOException: not inside the lambda
        eventually(() -> {
            gitea.verify(postRequestedFor(urlEqualTo(gitopsStatuses))
                    .withHeader("Authorization", equalTo("token " + TOKEN))
                    .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
                    .withRequestBody(matchingJsonPath("$.context", equalTo("gitops/staging")))
                    .withRequestBody(matchingJsonPath("$.target_url", equalTo(buildUrl))));
            gitea.verify(postRequestedFor(urlEqualTo("/api/v1/repos/org/web/statuses/" + SOURCE_COMMIT))
                    .withRequestBody(matchingJsonPath("$.state", equalTo("success"))));
        });
        j.assertLogNotContains(TOKEN, b);
    }

    @Test
    void resumesFromTheStatusTheReconcilerSetsOnTheRevision() throws Exception {
        String statuses = "/api/v1/repos/org/gitops/commits/" + FLUX_REVISION + "/statuses?limit=50";
        gitea.stubFor(get(urlEqualTo(statuses))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("[{\"id\":1,\"status\":\"success\",\"context\":\"kustomization/podinfo/0c9c2e41\","
                                + "\"description\":\"reconciliation succeeded\",\"target_url\":\"\","
                                + "\"updated_at\":\"2026-01-01T00:00:00Z\"}]")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                GitOpsTestSupport.waitScript(", pollInterval: '1s', commitStatusProvider: 'gitea',"
                        + " commitStatusServerUrl: '"
                        + gitea.baseUrl()
                        + "', commitStatusRepository: 'org/gitops', commitStatusCredentialsId: 'gitea-token'"),
                true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Polling the commit statuses of org/gitops on gitea", b);
        j.assertLogContains("outcome=succeeded phase=succeeded", b);
        j.assertLogNotContains(TOKEN, b);
        gitea.verify(getRequestedFor(urlEqualTo(statuses)).withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @Test
    void refusesAnUnknownProvider() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                GitOpsTestSupport.waitScript(
                        ", commitStatusProvider: 'sourceforge', commitStatusRepository: 'PRJ/gitops'"),
                true));

        WorkflowRun b = j.buildAndAssertStatus(hudson.model.Result.FAILURE, p);

        j.assertLogContains("unknown SCM provider 'sourceforge'", b);
    }

    /** Statuses are set in the background: retry the assertion for up to 30 seconds. */
    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError | RuntimeException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
