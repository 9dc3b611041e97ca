package io.jenkins.plugins.gitops.webhook;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import io.gitopspipeline.scm.ProviderType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets reconciler notifications and SCM pull-request webhooks through without a CSRF crumb, which
 * Flux, Argo CD and the SCM providers cannot send.
 * Matches the exact webhook paths only (with or without a trailing slash), never a prefix: any other
 * path under {@code /gitops-webhook/} keeps Jenkins' CSRF protection. The requests it lets through
 * are authenticated by {@link GitOpsWebhook} instead.
 */
@Extension
public class GitOpsWebhookCrumbExclusion extends CrumbExclusion {
    static final Set<String> PATHS = paths();

    @Override
    public boolean process(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String pathInfo = req.getPathInfo();
        if (pathInfo != null && PATHS.contains(pathInfo)) {
            chain.doFilter(req, resp);
            return true;
        }
        return false;
    }

    private static Set<String> paths() {
        Set<String> paths = new HashSet<>();
        for (String source : GitOpsWebhook.SOURCES) {
            String path = "/" + GitOpsWebhook.URL_NAME + "/" + source;
            paths.add(path);
            paths.add(path + "/");
        }
        List<String> scm = new ArrayList<>();
        for (ProviderType type : ProviderType.values()) {
            scm.add(type.cliName());
        }
        scm.add("forgejo");
        for (String provider : scm) {
            String path = "/" + GitOpsWebhook.URL_NAME + "/scm/" + provider;
            paths.add(path);
            paths.add(path + "/");
        }
        return Set.copyOf(paths);
    }
}
