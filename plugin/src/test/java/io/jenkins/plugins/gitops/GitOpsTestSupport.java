package io.jenkins.plugins.gitops;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.gitopspipeline.sync.WebhookAuthenticator;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jvnet.hudson.test.JenkinsRule;

/** What the plugin's tests share: webhook secrets, signed requests, fixtures. */
final class GitOpsTestSupport {
    static final String FLUX_KEY = "s3cr3t-hmac-token";
    static final String ARGO_TOKEN = "argo-t0ken-for-tests";

    /** The revision the Flux and Argo CD fixtures report. */
    static final String FLUX_REVISION = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

    static final String ARGO_REVISION = "8f2c1d0e5b7a4c3d9e1f0a2b3c4d5e6f7a8b9c0d";

    private GitOpsTestSupport() {}

    /**
     * Adds {@code credentials} to the global domain of Jenkins' own store, through its public API (the
     * store object itself is private to the credentials plugin).
     */
    static void addCredentials(Credentials credentials) throws IOException {
        SystemCredentialsProvider provider = SystemCredentialsProvider.getInstance();
        provider.getCredentials().add(credentials);
        provider.save();
    }

    /** Stores the webhook secrets as credentials and selects them in the global configuration. */
    static void configureWebhookSecrets() throws IOException {
        addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "flux-hmac", "Flux HMAC key", Secret.fromString(FLUX_KEY)));
        addCredentials(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "argo-token", "Argo CD token", Secret.fromString(ARGO_TOKEN)));
        GitOpsGlobalConfiguration config = GitOpsGlobalConfiguration.get();
        config.setFluxSecretCredentialsId("flux-hmac");
        config.setArgocdTokenCredentialsId("argo-token");
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = GitOpsTestSupport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    /** The Flux signature of {@code body} with the configured key, as notification-controller sends it. */
    static String fluxSignature(byte[] body) {
        return WebhookAuthenticator.sign("sha256", io.gitopspipeline.api.Secret.of(FLUX_KEY), body);
    }

    /** POSTs like Flux: no session, no crumb, the exact body bytes. */
    static HttpResponse<String> postFlux(JenkinsRule j, byte[] body, String signature) throws Exception {
        return post(j, "gitops-webhook/flux", body, "X-Signature", signature);
    }

    static HttpResponse<String> post(JenkinsRule j, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(j.getURL().toString() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A Pipeline that waits for the Flux fixture's revision and prints the result. */
    static String waitScript(String extraArguments) {
        return "def r = waitForGitOpsSync revision: '"
                + FLUX_REVISION
                + "', targets: 'Kustomization/apps/podinfo'"
                + extraArguments
                + "\n"
                + "echo \"outcome=${r.outcome} phase=${r.targets[0].phase}\"\n";
    }
}
