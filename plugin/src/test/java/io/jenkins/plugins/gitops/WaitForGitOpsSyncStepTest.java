package io.jenkins.plugins.gitops;

import static io.jenkins.plugins.gitops.GitOpsTestSupport.ARGO_TOKEN;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.FLUX_REVISION;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fixture;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fluxSignature;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.post;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.postFlux;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.waitScript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.PromotionRecord;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.support.actions.PauseAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class WaitForGitOpsSyncStepTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        GitOpsTestSupport.configureWebhookSecrets();
    }

    private WorkflowRun startWaiting(String script) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(script, true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Waiting up to", b);
        return b;
    }

    @Test
    void resumesWhenASignedFluxEventReportsTheRevisionApplied() throws Exception {
        WorkflowRun b = startWaiting(waitScript(""));
        assertTrue(b.isBuilding());
        assertEquals(0, j.jenkins.toComputer().countBusy(), "no executor is held while waiting");

        byte[] body = fixture("flux-kustomization-succeeded.json");
        HttpResponse<String> response = postFlux(j, body, fluxSignature(body));

        assertEquals(200, response.statusCode(), response.body());
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("outcome=succeeded phase=succeeded", b);
        j.assertLogContains("ReconciliationSucceeded", b);
        PromotionRecord record = b.getAction(GitOpsBuildAction.class).promotionForRevision(FLUX_REVISION);
        assertEquals("succeeded", record.getSyncState());
        assertEquals(1, record.getEvents().size());
    }

    @Test
    void refusesABadSignatureWith401AndKeepsWaiting() throws Exception {
        WorkflowRun b = startWaiting(waitScript(", timeout: '10m'"));
        byte[] body = fixture("flux-kustomization-succeeded.json");

        HttpResponse<String> forged =
                postFlux(j, body, "sha256=0000000000000000000000000000000000000000000000000000000000000000");
        HttpResponse<String> unsigned = post(j, "gitops-webhook/flux", body);

        assertEquals(401, forged.statusCode());
        assertEquals(401, unsigned.statusCode());
        Thread.sleep(500); // give a wrongly accepted event the time to resume the build
        assertTrue(b.isBuilding(), "a refused request must not resume the build");
        assertTrue(PauseAction.isPaused(b.getExecution().getCurrentHeads().get(0)));

        postFlux(j, body, fluxSignature(body));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
    }

    @Test
    void failsWithTheReconcilersMessage() throws Exception {
        WorkflowRun b = startWaiting(waitScript(""));
        byte[] body = fixture("flux-kustomization-healthcheck-failed.json");

        assertEquals(200, postFlux(j, body, fluxSignature(body)).statusCode());

        j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(b));
        j.assertLogContains("HealthCheckFailed", b);
        j.assertLogContains("timeout waiting for: [Deployment/apps/podinfo status: 'InProgress']", b);
        assertEquals(
                "failed",
                b.getAction(GitOpsBuildAction.class)
                        .promotionForRevision(FLUX_REVISION)
                        .getSyncState());
    }

    @Test
    void timesOutWithTheLastKnownStateOfEveryTarget() throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(waitScript(", timeout: '2s'"), true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("timed out", b);
        j.assertLogContains("Kustomization/apps/podinfo: no event about the revision yet", b);
    }

    @Test
    void anEventThatArrivedBeforeTheStepStartedIsNotLost() throws Exception {
        byte[] body = fixture("flux-kustomization-succeeded.json");
        assertEquals(200, postFlux(j, body, fluxSignature(body)).statusCode());

        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(waitScript(""), true));

        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("outcome=succeeded", b);
    }

    @Test
    void resumesFromAnArgoCdNotificationWithTheBearerToken() throws Exception {
        WorkflowRun b = startWaiting("def r = waitForGitOpsSync revision: '"
                + GitOpsTestSupport.ARGO_REVISION
                + "', targets: 'Application/argocd/podinfo-staging'\n"
                + "echo \"outcome=${r.outcome}\"\n");
        byte[] body = fixture("argocd-deployed.json");

        assertEquals(
                401,
                post(j, "gitops-webhook/argocd", body, "Authorization", "Bearer wrong")
                        .statusCode());
        HttpResponse<String> accepted = post(j, "gitops-webhook/argocd", body, "Authorization", "Bearer " + ARGO_TOKEN);

        assertEquals(200, accepted.statusCode(), accepted.body());
        j.assertBuildStatusSuccess(j.waitForCompletion(b));
        j.assertLogContains("outcome=succeeded", b);
    }

    @Test
    void stoppingTheBuildCancelsTheWait() throws Exception {
        WorkflowRun b = startWaiting(waitScript(""));

        b.doStop();

        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
    }

    @Test
    void theBuildRecordIsInTheRestApiAndOnItsOwnPage() throws Exception {
        WorkflowRun b = startWaiting(waitScript(""));
        byte[] body = fixture("flux-kustomization-succeeded.json");
        postFlux(j, body, fluxSignature(body));
        j.assertBuildStatusSuccess(j.waitForCompletion(b));

        JSONObject json = j.getJSON(b.getUrl() + "api/json?depth=2").getJSONObject();
        String text = json.toString();
        assertTrue(text.contains("\"syncState\":\"succeeded\""), text);
        assertTrue(text.contains(FLUX_REVISION), text);

        String page =
                j.createWebClient().getPage(b, "gitops/").getWebResponse().getContentAsString(StandardCharsets.UTF_8);
        assertTrue(page.contains("ReconciliationSucceeded"), page);
    }
}
