package io.jenkins.plugins.gitops.webhook;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Lets reconciler notifications through without a CSRF crumb, which Flux and Argo CD cannot send.
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
        return Set.copyOf(paths);
    }
}
