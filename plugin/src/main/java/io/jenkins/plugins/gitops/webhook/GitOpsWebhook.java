package io.jenkins.plugins.gitops.webhook;

import hudson.Extension;
import hudson.model.UnprotectedRootAction;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.webhook.ScmEventParsers;
import io.gitopspipeline.scm.webhook.ScmWebhookHandler;
import io.gitopspipeline.sync.WebhookAuthenticator;
import io.gitopspipeline.sync.WebhookHandler;
import io.gitopspipeline.sync.WebhookRequest;
import io.gitopspipeline.sync.WebhookResponse;
import io.jenkins.plugins.gitops.MergeWebhookWaits;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.ScmServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * Receives reconciler notifications at {@code /gitops-webhook/flux} and {@code
 * /gitops-webhook/argocd} and resumes the builds waiting in {@code waitForGitOpsSync}; receives
 * the SCM providers' pull-request webhooks at {@code /gitops-webhook/scm/<provider>} and makes the
 * builds waiting in {@code waitForGitOpsMerge} look at their pull request at once.
 *
 * <p>Anonymous by nature (Flux and Argo CD carry no Jenkins identity), so every request must prove
 * itself with the secret configured in {@link GitOpsGlobalConfiguration}: an HMAC signature for Flux,
 * a token for Argo CD; without a configured secret every request is refused. The checks (method,
 * size, signature in constant time, parsing) are core's {@link WebhookHandler}; this class only
 * adapts Stapler to it. The answer says how many events were accepted, never whether a build waits
 * for them. Kept minimal on purpose: no public getters, since Stapler exposes them to anyone.
 */
@Extension
public class GitOpsWebhook implements UnprotectedRootAction {
    public static final String URL_NAME = "gitops-webhook";

    /** The sub-paths, one per reconciler; also the source names of core's parsers. */
    static final List<String> SOURCES = List.of("flux", "argocd");

    private static final Logger LOGGER = Logger.getLogger(GitOpsWebhook.class.getName());

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return null;
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** {@code POST /gitops-webhook/flux}: Flux notification-controller, {@code generic-hmac}. */
    @RequirePOST
    public void doFlux(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        io.gitopspipeline.api.Secret key =
                secret(GitOpsGlobalConfiguration.get().getFluxSecretCredentialsId());
        WebhookAuthenticator auth = key == null ? null : WebhookAuthenticator.hmac(key);
        serve("flux", auth, req, rsp);
    }

    /** {@code POST /gitops-webhook/argocd}: Argo CD notifications with a bearer token. */
    @RequirePOST
    public void doArgocd(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        io.gitopspipeline.api.Secret token =
                secret(GitOpsGlobalConfiguration.get().getArgocdTokenCredentialsId());
        WebhookAuthenticator auth = token == null ? null : WebhookAuthenticator.token(token);
        serve("argocd", auth, req, rsp);
    }

    /**
     * {@code POST /gitops-webhook/scm/<provider>}: a provider's pull-request webhook, authenticated
     * with the webhook secret of one of the configured SCM servers of that provider; a merge or close
     * makes the matching {@code waitForGitOpsMerge} steps look at once.
     */
    @RequirePOST
    public void doScm(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        String name = req.getRestOfPath();
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        ProviderType provider = scmProvider(name);
        if (provider == null) {
            write(rsp, new WebhookResponse(404, "{\"status\":\"rejected\",\"error\":\"no such SCM provider path\"}"));
            return;
        }
        List<io.gitopspipeline.api.Secret> secrets = new ArrayList<>();
        for (ScmServer server : GitOpsGlobalConfiguration.get().getScmServers()) {
            if (server.getProvider().equals(provider.cliName())) {
                io.gitopspipeline.api.Secret secret = secret(server.getWebhookSecretCredentialsId());
                if (secret != null) {
                    secrets.add(secret);
                }
            }
        }
        if (secrets.isEmpty()) {
            write(
                    rsp,
                    new WebhookResponse(
                            401,
                            "{\"status\":\"rejected\",\"error\":\"no "
                                    + provider.cliName()
                                    + " webhook secret is configured in Jenkins\"}"));
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(WebhookHandler.DEFAULT_MAX_BODY_BYTES + 1);
        }
        WebhookRequest request = new WebhookRequest("POST", ScmWebhookHandler.path(provider), headers(req), body);
        WebhookResponse response = null;
        for (io.gitopspipeline.api.Secret secret : secrets) {
            // one server's secret authenticates it; the others answer 401
            response = new ScmWebhookHandler(ScmEventParsers.forProvider(provider), secret, MergeWebhookWaits::lookNow)
                    .handle(request);
            if (response.status() != 401) {
                break;
            }
        }
        if (response.status() >= 400) {
            LOGGER.log(Level.FINE, "Refused a {0} webhook request: {1}", new Object[] {provider, response});
        }
        write(rsp, response);
    }

    /** The provider a path segment names ({@code forgejo} is Gitea's), or null. */
    static ProviderType scmProvider(String name) {
        if ("forgejo".equals(name)) {
            return ProviderType.GITEA;
        }
        for (ProviderType type : ProviderType.values()) {
            if (type.cliName().equals(name)) {
                return type;
            }
        }
        return null;
    }

    private void serve(String source, WebhookAuthenticator auth, StaplerRequest2 req, StaplerResponse2 rsp)
            throws IOException {
        if (auth == null) {
            // no secret configured: refuse rather than accept unauthenticated events
            write(
                    rsp,
                    new WebhookResponse(
                            401,
                            "{\"status\":\"rejected\",\"error\":\"no "
                                    + source
                                    + " webhook secret is configured in Jenkins\"}"));
            return;
        }
        WebhookHandler handler = new WebhookHandler(auth, SyncWaits.get()::accept);
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            // one byte more than allowed is enough for the handler to answer 413
            body = in.readNBytes(handler.maxBodyBytes() + 1);
        }
        WebhookResponse response =
                handler.handle(new WebhookRequest("POST", "/" + URL_NAME + "/" + source, headers(req), body));
        if (response.status() >= 400) {
            LOGGER.log(Level.FINE, "Refused a {0} webhook request: {1}", new Object[] {source, response});
        }
        write(rsp, response);
    }

    private static Map<String, String> headers(StaplerRequest2 req) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.putIfAbsent(name, req.getHeader(name));
        }
        return headers;
    }

    private static void write(StaplerResponse2 rsp, WebhookResponse response) throws IOException {
        rsp.setStatus(response.status());
        rsp.setContentType(WebhookResponse.CONTENT_TYPE + ";charset=UTF-8");
        PrintWriter out = rsp.getWriter();
        out.write(response.json());
        out.flush();
    }

    /**
     * Reads the configured secret as SYSTEM, the only privileged work before authentication; null
     * when none is configured (or it is empty).
     */
    private static io.gitopspipeline.api.Secret secret(String credentialsId) {
        Secret secret;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            secret = GitOpsCredentials.globalSecretText(credentialsId);
        }
        if (secret == null || secret.getPlainText().isEmpty()) {
            return null;
        }
        return io.gitopspipeline.api.Secret.of(secret.getPlainText());
    }
}
