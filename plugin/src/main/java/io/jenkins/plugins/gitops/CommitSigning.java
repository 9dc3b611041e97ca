package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.model.Run;
import hudson.util.Secret;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.repo.signing.CommitSignature;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.repo.signing.CommitSigners;
import io.gitopspipeline.repo.signing.SigningFormat;
import io.gitopspipeline.repo.signing.SigningSettings;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.GitOpsGlobalConfiguration;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commit-signing credential of the committing steps ({@code signingCredentialsId}, or the
 * global configuration's): an SSH private key credential signs in the SSH format, a secret file or
 * secret text holding an ASCII-armored OpenPGP secret key signs in OpenPGP. An encrypted OpenPGP key
 * is unlocked with the secret text {@code signingPassphraseCredentialsId} (a secret file or secret
 * text has no passphrase field); an SSH key credential carries its own passphrase. On the agent the
 * key and the passphrase are written to a private temporary directory only for as long as core loads
 * them, never to the workspace.
 */
final class CommitSigning {
    private CommitSigning() {}

    /**
     * A signing key and the passphrase that unlocks it, ready to travel to the agent.
     *
     * @param key the key's credential
     * @param passphrase the passphrase from {@code signingPassphraseCredentialsId}, or null to use the
     *     key credential's own (an SSH key's) or none
     */
    record Key(MappedCredential key, Secret passphrase) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Every value the build log must mask: the key, and either passphrase. */
        List<Secret> maskedValues() {
            List<Secret> values = key.maskedValues();
            if (passphrase != null) {
                values.add(passphrase);
            }
            return values;
        }
    }

    /**
     * The signing key for a step on the controller: the step's key, else the global one; null when
     * neither is set. The passphrase is the step's {@code signingPassphraseCredentialsId}, else (only
     * with the global key) the global one: the global passphrase belongs to the global key.
     */
    static Key forBuild(String stepCredentialsId, String stepPassphraseCredentialsId, Run<?, ?> run)
            throws IOException {
        GitOpsGlobalConfiguration global = GitOpsGlobalConfiguration.get();
        String id = stepCredentialsId != null ? stepCredentialsId : global.getSigningCredentialsId();
        if (id == null) {
            if (stepPassphraseCredentialsId != null) {
                throw new AbortException("signingPassphraseCredentialsId is set, but there is no signing key: set"
                        + " signingCredentialsId on the step or in Manage Jenkins » System");
            }
            return null;
        }
        MappedCredential credential = GitOpsCredentials.forBuild(id, run, "commit signing credentials");
        if (credential.kind() == MappedCredential.Kind.USERNAME_PASSWORD) {
            throw new AbortException("The commit signing credentials '"
                    + id
                    + "' are a username with password; use SSH Username with private key (SSH"
                    + " signatures), or a secret file or secret text holding an ASCII-armored OpenPGP"
                    + " secret key.");
        }
        String passphraseId = stepPassphraseCredentialsId != null
                ? stepPassphraseCredentialsId
                : stepCredentialsId == null ? global.getSigningPassphraseCredentialsId() : null;
        if (passphraseId == null) {
            return new Key(credential, null);
        }
        MappedCredential passphrase =
                GitOpsCredentials.forBuild(passphraseId, run, "commit signing passphrase credentials");
        if (passphrase.kind() != MappedCredential.Kind.TOKEN) {
            throw new AbortException("The commit signing passphrase credentials '"
                    + passphraseId
                    + "' are not a secret text; store the passphrase as a Secret text credential.");
        }
        if (credential.kind() == MappedCredential.Kind.SSH_PRIVATE_KEY
                && credential.passphrase() != null
                && !credential.passphrase().reveal().isEmpty()) {
            throw new AbortException("The SSH signing credentials '"
                    + id
                    + "' carry their own passphrase; remove signingPassphraseCredentialsId '"
                    + passphraseId
                    + "' (it is for OpenPGP keys in a secret file or secret text).");
        }
        return new Key(credential, Secret.fromString(passphrase.secret().reveal()));
    }

    /** Loads the signer on the agent; the key's temporary files are gone when this returns. */
    static CommitSigner load(Key signing) throws IOException, InvalidInputException {
        if (signing == null) {
            return CommitSigner.NONE;
        }
        MappedCredential credential = signing.key();
        Path directory = PrivateFiles.directory("gitops-signing");
        try {
            Path key = PrivateFiles.write(directory, "key", credential.secret().reveal());
            String passphrase = signing.passphrase() != null
                    ? signing.passphrase().getPlainText()
                    : credential.passphrase() == null
                            ? null
                            : credential.passphrase().reveal();
            // core reads a passphrase file like gpg --passphrase-file: private, removed below
            Path passphraseFile = passphrase == null || passphrase.isEmpty()
                    ? null
                    : PrivateFiles.write(directory, "passphrase", passphrase);
            SigningFormat format = credential.kind() == MappedCredential.Kind.SSH_PRIVATE_KEY
                    ? SigningFormat.SSH
                    : SigningFormat.OPENPGP;
            try {
                return CommitSigners.load(new SigningSettings(key, format, passphraseFile, null));
            } catch (InvalidInputException e) {
                if (format == SigningFormat.OPENPGP && passphraseFile == null) {
                    // core's message speaks of the CLI's passphrase file; say where Jenkins takes it
                    throw new InvalidInputException(e.getMessage()
                            + " (in Jenkins: signingPassphraseCredentialsId, a Secret text credential holding"
                            + " the passphrase, if the key has one)");
                }
                throw e;
            }
        } finally {
            PrivateFiles.delete(directory);
        }
    }

    /** The signature of a commit made, as plain values for the step's result. */
    static Map<String, Object> plain(CommitSignature signature) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", signature.format().id());
        out.put("fingerprint", signature.fingerprint());
        return out;
    }
}
