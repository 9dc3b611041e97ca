package io.jenkins.plugins.gitops.config;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.AbortException;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.springframework.security.core.Authentication;

/**
 * Finds Jenkins credentials and maps them onto what core understands. Steps resolve credentials in
 * the context of their build ({@link CredentialsProvider#findCredentialById(String, Class, Run)}),
 * so the job's permissions apply; the webhook endpoint resolves its secrets as SYSTEM from the global
 * configuration.
 */
public final class GitOpsCredentials {
    /** Largest secret file accepted (a kubeconfig or a private key is a few kilobytes). */
    private static final int MAX_FILE_BYTES = 1024 * 1024;

    /** Credentials ids each running build has already recorded as used; gone with the build. */
    private static final Map<Run<?, ?>, Set<String>> TRACKED = Collections.synchronizedMap(new WeakHashMap<>());

    private GitOpsCredentials() {}

    /**
     * The credential {@code id} as the build may use it, recorded as used by the build.
     *
     * @param what what the credential is for, used in the error message, e.g. "registry credentials"
     * @throws AbortException when it does not exist or the build may not use it
     */
    public static MappedCredential forBuild(String id, Run<?, ?> run, String what) throws IOException {
        StandardCredentials credentials = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (credentials == null) {
            throw new AbortException("Could not find "
                    + what
                    + " '"
                    + id
                    + "', or this build may not use them: check the credentials id and its scope.");
        }
        if (TRACKED.computeIfAbsent(run, r -> ConcurrentHashMap.newKeySet()).add(credentials.getId())) {
            // the fingerprint is saved on every call: once per build and credential is enough (a
            // restart forgets, and tracks once more)
            CredentialsProvider.track(run, credentials);
        }
        return map(credentials, what);
    }

    /**
     * The secret text (or the password of a username/password credential) {@code id} in the global
     * scope, read as SYSTEM; null when not configured or not found. Used by the webhook endpoint only.
     */
    public static Secret globalSecretText(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        List<StandardCredentials> all = CredentialsProvider.lookupCredentialsInItemGroup(
                StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, Collections.<DomainRequirement>emptyList());
        StandardCredentials found = CredentialsMatchers.firstOrNull(all, CredentialsMatchers.withId(id));
        if (found instanceof StringCredentials s) {
            return s.getSecret();
        }
        if (found instanceof StandardUsernamePasswordCredentials u) {
            return u.getPassword();
        }
        return null;
    }

    static MappedCredential map(StandardCredentials credentials, String what) throws IOException {
        String id = credentials.getId();
        if (credentials instanceof StandardUsernamePasswordCredentials u) {
            return new MappedCredential(
                    MappedCredential.Kind.USERNAME_PASSWORD, id, u.getUsername(), u.getPassword(), null);
        }
        if (credentials instanceof StringCredentials s) {
            return new MappedCredential(MappedCredential.Kind.TOKEN, id, null, s.getSecret(), null);
        }
        if (credentials instanceof SSHUserPrivateKey k) {
            List<String> keys = k.getPrivateKeys();
            if (keys.isEmpty()) {
                throw new AbortException("The SSH credentials '" + id + "' for " + what + " hold no key.");
            }
            return new MappedCredential(
                    MappedCredential.Kind.SSH_PRIVATE_KEY,
                    id,
                    k.getUsername(),
                    Secret.fromString(keys.get(0)),
                    k.getPassphrase());
        }
        if (credentials instanceof FileCredentials f) {
            return new MappedCredential(
                    MappedCredential.Kind.FILE, id, null, Secret.fromString(readFile(f, what)), null);
        }
        throw new AbortException("The credentials '"
                + id
                + "' for "
                + what
                + " are of a kind gitops steps cannot use; use username with password, secret text,"
                + " SSH username with private key, or secret file.");
    }

    private static String readFile(FileCredentials f, String what) throws IOException {
        try (InputStream in = f.getContent()) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new AbortException("The secret file '" + f.getId() + "' for " + what + " is larger than 1 MiB.");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Credentials a user may pick: for a step field, those usable in {@code item} and only for users
     * who may configure it; for the global configuration ({@code item} null), only for administrators
     * (Overall/Manage opens that page but does not reveal the root credentials).
     */
    public static ListBoxModel fillItems(Item item, String value) {
        return fillItems(item, value, CredentialsMatchers.always());
    }

    /** The secret text credentials a user may pick, as {@link #fillItems(Item, String)} decides. */
    public static ListBoxModel fillSecretTextItems(Item item, String value) {
        return fillItems(item, value, CredentialsMatchers.instanceOf(StringCredentials.class));
    }

    /**
     * Form check of a field that takes a secret text credential: warns when the id names no
     * credential the job can use, or one of another kind. Runs only for users who may list the
     * credentials ({@link #fillItems(Item, String)}'s rule), so it reveals nothing to others.
     */
    public static FormValidation checkSecretText(Item item, String value) {
        String id = Util.fixEmptyAndTrim(value);
        if (id == null) {
            return FormValidation.ok();
        }
        Authentication as;
        if (item == null) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return FormValidation.ok();
            }
            as = ACL.SYSTEM2;
        } else {
            if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
                return FormValidation.ok();
            }
            as = item instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2;
        }
        if (id.startsWith("${") && id.endsWith("}")) {
            return FormValidation.warning("An expression is resolved when the build runs; it cannot be checked here.");
        }
        CredentialsMatcher withId = CredentialsMatchers.withId(id);
        if (!list(StringCredentials.class, item, as, withId).isEmpty()) {
            return FormValidation.ok();
        }
        if (!list(StandardCredentials.class, item, as, withId).isEmpty()) {
            return FormValidation.error("'" + id + "' is not a Secret text credential.");
        }
        return FormValidation.warning("No credentials '" + id + "' that this job may use.");
    }

    private static <C extends StandardCredentials> ListBoxModel list(
            Class<C> type, Item item, Authentication as, CredentialsMatcher matcher) {
        return item == null
                ? CredentialsProvider.listCredentialsInItemGroup(
                        type, Jenkins.get(), as, Collections.<DomainRequirement>emptyList(), matcher)
                : CredentialsProvider.listCredentialsInItem(
                        type, item, as, Collections.<DomainRequirement>emptyList(), matcher);
    }

    private static ListBoxModel fillItems(Item item, String value, CredentialsMatcher matcher) {
        // includeCurrentValue takes a @NonNull String; a form sends no parameter for an unset field
        String currentValue = Util.fixNull(value);
        StandardListBoxModel result = new StandardListBoxModel();
        if (item == null) {
            // listing every root credential is for administrators; Overall/Manage can still type an id
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(currentValue);
            }
        } else if (!item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            return result.includeCurrentValue(currentValue);
        }
        result.includeEmptyValue();
        if (item == null) {
            result.includeMatchingAs(
                    ACL.SYSTEM2,
                    Jenkins.get(),
                    StandardCredentials.class,
                    Collections.<DomainRequirement>emptyList(),
                    matcher);
        } else {
            result.includeMatchingAs(
                    item instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2,
                    item,
                    StandardCredentials.class,
                    Collections.<DomainRequirement>emptyList(),
                    matcher);
        }
        return result.includeCurrentValue(currentValue);
    }
}
