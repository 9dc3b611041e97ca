package io.jenkins.plugins.gitops.config;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.PersistentDescriptor;
import hudson.security.Permission;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Jenkins-wide GitOps settings: which credentials authenticate reconciler webhooks, the SCM servers
 * steps talk to by default, the key that signs commits by default, and default timeouts. Configuration-as-code: {@code unclassified: gitops:}.
 */
@Extension
@Symbol("gitops")
public class GitOpsGlobalConfiguration extends GlobalConfiguration implements PersistentDescriptor {
    static final String DEFAULT_SYNC_TIMEOUT = "30m";
    static final String DEFAULT_MERGE_TIMEOUT = "2h";
    static final String DEFAULT_POLL_INTERVAL = "30s";

    private String fluxSecretCredentialsId;
    private String argocdTokenCredentialsId;
    private String signingCredentialsId;
    private String signingPassphraseCredentialsId;
    private List<ScmServer> scmServers = new ArrayList<>();
    private String syncTimeout = DEFAULT_SYNC_TIMEOUT;
    private String mergeTimeout = DEFAULT_MERGE_TIMEOUT;
    private String pollInterval = DEFAULT_POLL_INTERVAL;

    public static GitOpsGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(GitOpsGlobalConfiguration.class);
    }

    @NonNull
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.MANAGE;
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        // a repeatable list absent from the form means "no entries", which bindJSON would not apply
        scmServers = new ArrayList<>();
        req.bindJSON(this, json);
        save();
        return true;
    }

    /** Secret text credentials holding the HMAC key of the Flux {@code generic-hmac} provider. */
    @CheckForNull
    public String getFluxSecretCredentialsId() {
        return fluxSecretCredentialsId;
    }

    @DataBoundSetter
    public void setFluxSecretCredentialsId(String fluxSecretCredentialsId) {
        this.fluxSecretCredentialsId = Util.fixEmptyAndTrim(fluxSecretCredentialsId);
        save();
    }

    /** Secret text credentials holding the token Argo CD notifications send. */
    @CheckForNull
    public String getArgocdTokenCredentialsId() {
        return argocdTokenCredentialsId;
    }

    @DataBoundSetter
    public void setArgocdTokenCredentialsId(String argocdTokenCredentialsId) {
        this.argocdTokenCredentialsId = Util.fixEmptyAndTrim(argocdTokenCredentialsId);
        save();
    }

    /**
     * Credentials whose key signs every commit the committing steps create, unless a step names its
     * own: SSH Username with private key (SSH signatures), or a secret file or secret text holding an
     * ASCII-armored OpenPGP secret key.
     */
    @CheckForNull
    public String getSigningCredentialsId() {
        return signingCredentialsId;
    }

    @DataBoundSetter
    public void setSigningCredentialsId(String signingCredentialsId) {
        this.signingCredentialsId = Util.fixEmptyAndTrim(signingCredentialsId);
        save();
    }

    /**
     * Secret text credentials holding the passphrase of the global OpenPGP signing key when it is
     * encrypted (a secret file or secret text has no passphrase field; an SSH key credential carries
     * its own).
     */
    @CheckForNull
    public String getSigningPassphraseCredentialsId() {
        return signingPassphraseCredentialsId;
    }

    @DataBoundSetter
    public void setSigningPassphraseCredentialsId(String signingPassphraseCredentialsId) {
        this.signingPassphraseCredentialsId = Util.fixEmptyAndTrim(signingPassphraseCredentialsId);
        save();
    }

    @NonNull
    public List<ScmServer> getScmServers() {
        return scmServers == null ? List.of() : List.copyOf(scmServers);
    }

    @DataBoundSetter
    public void setScmServers(List<ScmServer> scmServers) {
        this.scmServers = scmServers == null ? new ArrayList<>() : new ArrayList<>(scmServers);
        save();
    }

    /** The configured server for {@code provider}, or null to use the provider's public API. */
    @CheckForNull
    public ScmServer scmServer(String provider) {
        if (provider == null) {
            return null;
        }
        String wanted = provider.toLowerCase(Locale.ROOT);
        for (ScmServer server : getScmServers()) {
            if (server.getProvider().equals(wanted)) {
                return server;
            }
        }
        return null;
    }

    public String getSyncTimeout() {
        return syncTimeout == null ? DEFAULT_SYNC_TIMEOUT : syncTimeout;
    }

    @DataBoundSetter
    public void setSyncTimeout(String syncTimeout) {
        this.syncTimeout = orDefault(syncTimeout, DEFAULT_SYNC_TIMEOUT);
        save();
    }

    public String getMergeTimeout() {
        return mergeTimeout == null ? DEFAULT_MERGE_TIMEOUT : mergeTimeout;
    }

    @DataBoundSetter
    public void setMergeTimeout(String mergeTimeout) {
        this.mergeTimeout = orDefault(mergeTimeout, DEFAULT_MERGE_TIMEOUT);
        save();
    }

    public String getPollInterval() {
        return pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = orDefault(pollInterval, DEFAULT_POLL_INTERVAL);
        save();
    }

    private static String orDefault(String value, String fallback) {
        String v = Util.fixEmptyAndTrim(value);
        return v == null ? fallback : v;
    }

    @POST
    public ListBoxModel doFillFluxSecretCredentialsIdItems(@QueryParameter String fluxSecretCredentialsId) {
        return GitOpsCredentials.fillItems(null, fluxSecretCredentialsId);
    }

    @POST
    public ListBoxModel doFillArgocdTokenCredentialsIdItems(@QueryParameter String argocdTokenCredentialsId) {
        return GitOpsCredentials.fillItems(null, argocdTokenCredentialsId);
    }

    @POST
    public ListBoxModel doFillSigningCredentialsIdItems(@QueryParameter String signingCredentialsId) {
        return GitOpsCredentials.fillItems(null, signingCredentialsId);
    }

    @POST
    public ListBoxModel doFillSigningPassphraseCredentialsIdItems(
            @QueryParameter String signingPassphraseCredentialsId) {
        return GitOpsCredentials.fillSecretTextItems(null, signingPassphraseCredentialsId);
    }

    @POST
    public FormValidation doCheckSigningPassphraseCredentialsId(@QueryParameter String value) {
        return GitOpsCredentials.checkSecretText(null, value);
    }

    @POST
    public FormValidation doCheckSyncTimeout(@QueryParameter String value) {
        return checkDuration(value);
    }

    @POST
    public FormValidation doCheckMergeTimeout(@QueryParameter String value) {
        return checkDuration(value);
    }

    @POST
    public FormValidation doCheckPollInterval(@QueryParameter String value) {
        return checkDuration(value);
    }

    /** Validates a duration such as {@code 90s}, {@code 5m} or {@code 1h30m} with core's parser. */
    static FormValidation checkDuration(String value) {
        if (!Jenkins.get().hasPermission(Jenkins.MANAGE)) {
            return FormValidation.ok();
        }
        if (Util.fixEmptyAndTrim(value) == null) {
            return FormValidation.ok();
        }
        try {
            Durations.parse(value);
            return FormValidation.ok();
        } catch (InvalidInputException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
