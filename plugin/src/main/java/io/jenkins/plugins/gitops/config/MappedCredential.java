package io.jenkins.plugins.gitops.config;

import hudson.util.Secret;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The values of one Jenkins credential, in the shape core needs, ready to travel to an agent.
 *
 * <p>Values stay {@link hudson.util.Secret}s (serializable, never printed) until {@link #secret()}
 * turns the one that is sent into core's {@link io.gitopspipeline.api.Secret}. Steps never persist
 * this object: they keep only the credentials id and look it up again when they need it.
 */
public final class MappedCredential implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the credential holds. */
    public enum Kind {
        /** A username with a password or a token used as password (HTTPS git, registries, APIs). */
        USERNAME_PASSWORD,
        /** A token alone (secret text): SCM API tokens, webhook secrets. */
        TOKEN,
        /** An SSH private key with an optional passphrase (git over SSH). */
        SSH_PRIVATE_KEY,
        /** A file (secret file): a kubeconfig, a Docker config.json, a GitHub App private key. */
        FILE
    }

    private final Kind kind;
    private final String id;
    private final String username;
    private final Secret secret;
    private final Secret passphrase;

    MappedCredential(Kind kind, String id, String username, Secret secret, Secret passphrase) {
        this.kind = kind;
        this.id = id;
        this.username = username;
        this.secret = secret;
        this.passphrase = passphrase;
    }

    public Kind kind() {
        return kind;
    }

    /** The Jenkins credentials id, for messages. */
    public String id() {
        return id;
    }

    /** The username; null for a token or a file. */
    public String username() {
        return username;
    }

    /** The password, token, private key (PEM/OpenSSH text) or file content, for core. */
    public io.gitopspipeline.api.Secret secret() {
        return io.gitopspipeline.api.Secret.of(secret.getPlainText());
    }

    /** The SSH key passphrase, or null. */
    public io.gitopspipeline.api.Secret passphrase() {
        return passphrase == null ? null : io.gitopspipeline.api.Secret.of(passphrase.getPlainText());
    }

    /** Every value the build log must mask. */
    public List<Secret> maskedValues() {
        List<Secret> values = new ArrayList<>();
        values.add(secret);
        if (passphrase != null) {
            values.add(passphrase);
        }
        return values;
    }
}
