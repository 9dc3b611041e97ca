package io.jenkins.plugins.gitops.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A self-hosted or Enterprise SCM server: its API base URL and, optionally, the credentials steps
 * use when they do not name their own.
 */
public class ScmServer extends AbstractDescribableImpl<ScmServer> {
    /** Provider names, as core's {@code scm} factory and the {@code gitops pr} CLI spell them. */
    public static final List<String> PROVIDERS =
            List.of("github", "gitlab", "azure", "bitbucket", "bitbucket-cloud", "gitea");

    private final String provider;
    private final String serverUrl;
    private String credentialsId;
    private String webhookSecretCredentialsId;

    @DataBoundConstructor
    public ScmServer(String provider, String serverUrl) {
        this.provider = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
        this.serverUrl = serverUrl == null ? "" : serverUrl.trim();
    }

    @NonNull
    public String getProvider() {
        return provider;
    }

    @NonNull
    public String getServerUrl() {
        return serverUrl;
    }

    @CheckForNull
    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** The secret-text credential of this server's pull-request webhooks (signing secret or token). */
    @CheckForNull
    public String getWebhookSecretCredentialsId() {
        return webhookSecretCredentialsId;
    }

    @DataBoundSetter
    public void setWebhookSecretCredentialsId(String webhookSecretCredentialsId) {
        this.webhookSecretCredentialsId = Util.fixEmptyAndTrim(webhookSecretCredentialsId);
    }

    @Extension
    @Symbol("scmServer")
    public static final class DescriptorImpl extends Descriptor<ScmServer> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "SCM server";
        }

        public ListBoxModel doFillProviderItems() {
            ListBoxModel items = new ListBoxModel();
            for (String p : PROVIDERS) {
                items.add(p);
            }
            return items;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return GitOpsCredentials.fillItems(null, credentialsId);
        }

        @POST
        public ListBoxModel doFillWebhookSecretCredentialsIdItems(@QueryParameter String webhookSecretCredentialsId) {
            return GitOpsCredentials.fillItems(null, webhookSecretCredentialsId);
        }

        @POST
        public FormValidation doCheckServerUrl(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.MANAGE)) {
                return FormValidation.ok();
            }
            String v = Util.fixEmptyAndTrim(value);
            if (v == null) {
                return FormValidation.error("Enter the API base URL of the server.");
            }
            try {
                URI uri = URI.create(v);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    return FormValidation.error("The URL must start with https:// (or http://).");
                }
                if ("http".equals(uri.getScheme())) {
                    return FormValidation.warning("Tokens would be sent without TLS.");
                }
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error("Not a valid URL: " + e.getMessage());
            }
        }
    }
}
