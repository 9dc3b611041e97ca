package io.jenkins.plugins.gitops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.FLUX_REVISION;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.github.tomakehurst.wiremock.WireMockServer;
import hudson.model.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** For clusters that cannot call Jenkins: the step reads the Flux object through the Kubernetes API. */
@WithJenkins
class WaitForGitOpsSyncPollingTest {
    private static final String KUSTOMIZATION_PATH =
            "/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/apps/kustomizations/podinfo";

    private JenkinsRule j;
    private WireMockServer apiServer;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        apiServer = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        apiServer.start();
        String kubeconfig = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: test\n"
                + "  cluster:\n"
                + "    server: " + apiServer.baseUrl() + "\n"
                + "contexts:\n"
                + "- name: test\n"
                + "  context:\n"
                + "    cluster: test\n"
                + "    user: ci\n"
                + "current-context: test\n"
                + "users:\n"
                + "- name: ci\n"
                + "  user:\n"
                + "    token: kube-t0ken-for-tests\n";
        // fromRawBytes: fromString would read the text as Base64 (SecretBytes' own string form)
        GitOpsTestSupport.addCredentials(new FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "kubeconfig",
                "test cluster",
                "config",
                SecretBytes.fromRawBytes(kubeconfig.getBytes(StandardCharsets.UTF_8))));
    }

    @AfterEach
    void tearDown() {
        apiServer.stop();
    }

    @Test
    void resumesWhenTheClusterReportsTheRevisionAppliedWithoutAnyWebhook() throws Exception {
        apiServer.stubFor(get(urlPathEqualTo(KUSTOMIZATION_PATH))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\",\"kind\":\"Kustomization\","
                                + "\"metadata\":{\"name\":\"podinfo\",\"namespace\":\"apps\",\"generation\":3},"
                                + "\"status\":{\"observedGeneration\":3,"
                                + "\"lastAppliedRevision\":\"main@sha1:" + FLUX_REVISION + "\","
                                + "\"lastAttemptedRevision\":\"main@sha1:" + FLUX_REVISION + "\","
                                + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\","
                                + "\"reason\":\"ReconciliationSucceeded\","
                                + "\"message\":\"Applied revision: main@sha1:" + FLUX_REVISION + "\","
                                + "\"lastTransitionTime\":\"2026-08-20T10:15:42Z\"}]}}")));
        WorkflowJob p = j.createProject(WorkflowJob.class, "app");
        p.setDefinition(new CpsFlowDefinition(
                GitOpsTestSupport.waitScript(", kubeconfigCredentialsId: 'kubeconfig', pollInterval: '1s'"), true));

        WorkflowRun b = j.buildAndAssertSuccess(p);

        j.assertLogContains("Polling the cluster", b);
        j.assertLogContains("outcome=succeeded", b);
        j.assertLogNotContains("kube-t0ken-for-tests", b);
        apiServer.verify(getRequestedFor(urlPathEqualTo(KUSTOMIZATION_PATH)));
    }

    @Test
    void refusesAKubeconfigThatWouldRunAProgramOnTheController(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran-on-the-controller");
        String kubeconfig = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: test\n"
                + "  cluster:\n"
                + "    server: " + apiServer.baseUrl() + "\n"
                + "contexts:\n"
                + "- name: test\n"
                + "  context: {cluster: test, user: ci}\n"
                + "current-context: test\n"
                + "users:\n"
                + "- name: ci\n"
                + "  user:\n"
                + "    exec:\n"
                + "      apiVersion: client.authentication.k8s.io/v1\n"
                + "      command: /bin/sh\n"
                + "      args: ['-c', 'touch " + marker + "']\n";
        GitOpsTestSupport.addCredentials(new FileCredentialsImpl(
                CredentialsScope.GLOBAL,
                "exec-kubeconfig",
                "",
                "config",
                SecretBytes.fromRawBytes(kubeconfig.getBytes(StandardCharsets.UTF_8))));
        WorkflowJob p = j.createProject(WorkflowJob.class, "escape");
        p.setDefinition(new CpsFlowDefinition(
                GitOpsTestSupport.waitScript(", kubeconfigCredentialsId: 'exec-kubeconfig', pollInterval: '1s'"),
                true));

        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);

        j.assertLogContains("users['ci'].exec (runs a program)", b);
        assertFalse(Files.exists(marker), "the kubeconfig's exec command ran on the controller");
        apiServer.verify(0, getRequestedFor(urlPathEqualTo(KUSTOMIZATION_PATH)));
    }
}
