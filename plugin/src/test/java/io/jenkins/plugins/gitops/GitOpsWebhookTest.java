package io.jenkins.plugins.gitops;

import static io.jenkins.plugins.gitops.GitOpsTestSupport.fixture;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.fluxSignature;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.post;
import static io.jenkins.plugins.gitops.GitOpsTestSupport.postFlux;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class GitOpsWebhookTest {
    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
    }

    @Test
    void refusesEveryRequestWhileNoSecretIsConfigured() throws Exception {
        byte[] body = fixture("flux-kustomization-succeeded.json");

        HttpResponse<String> response = postFlux(j, body, fluxSignature(body));

        assertEquals(401, response.statusCode());
    }

    @Test
    void acceptsASignedEventWhetherOrNotABuildWaitsForIt() throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        byte[] body = fixture("flux-kustomization-succeeded.json");

        HttpResponse<String> response = postFlux(j, body, fluxSignature(body));

        // the answer is the same with or without a waiting build: it never tells which builds exist
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"accepted\",\"events\":1}", response.body());
    }

    @Test
    void refusesABodyOverTheSizeLimit() throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        byte[] body = new byte[(1 << 20) + 1]; // one byte over the limit
        Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = postFlux(j, body, fluxSignature(body));

        assertEquals(413, response.statusCode());
    }

    @Test
    void refusesMalformedJsonWith400() throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        byte[] body = "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(400, postFlux(j, body, fluxSignature(body)).statusCode());
    }

    @Test
    void answersOnlyPost() throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        HttpResponse<String> get = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(j.getURL() + "gitops-webhook/flux"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertEquals(405, get.statusCode());
    }

    @Test
    void keepsCsrfProtectionOnEveryOtherPathUnderTheEndpoint() throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        byte[] body = fixture("flux-kustomization-succeeded.json");

        HttpResponse<String> exact = post(j, "gitops-webhook/flux", body, "X-Signature", fluxSignature(body));
        HttpResponse<String> withSuffix = post(j, "gitops-webhook/flux/more", body, "X-Signature", fluxSignature(body));

        assertEquals(200, exact.statusCode());
        assertEquals(403, withSuffix.statusCode(), "no crumb: the exclusion must not match a longer path");
    }

    @Test
    void readsTheSecretFromTheConfiguredCredentialsOnly() throws Exception {
        GitOpsTestSupport.configureWebhookSecrets();
        GitOpsGlobalConfiguration.get().setFluxSecretCredentialsId("does-not-exist");
        byte[] body = fixture("flux-kustomization-succeeded.json");

        HttpResponse<String> response = postFlux(j, body, fluxSignature(body));

        assertEquals(401, response.statusCode());
        assertFalse(response.body().contains(GitOpsTestSupport.FLUX_KEY));
        assertTrue(response.body().contains("rejected"));
    }
}
