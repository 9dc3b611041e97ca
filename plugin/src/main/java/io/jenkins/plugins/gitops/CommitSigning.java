package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.model.Run;
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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The commit-signing credential of the committing steps ({@code signingCredentialsId}, or the
 * global configuration's): an SSH private key credential signs in the SSH format, a secret file or
 * secret text holding an ASCII-armored OpenPGP secret key signs in OpenPGP. On the agent the key is
 * written to a private temporary directory only for as long as core loads it, never to the
 * workspace.
 */
final class CommitSigning {
    private CommitSigning() {}

    /**
     * The signing credential for a step on the controller: the step's id, else the global one; null
     * when neither is set.
     */
    static MappedCredential forBuild(String stepCredentialsId, Run<?, ?> run) throws IOException {
        String id = stepCredentialsId != null
                ? stepCredentialsId
                : GitOpsGlobalConfiguration.get().getSigningCredentialsId();
        if (id == null) {
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
        return credential;
    }

    /** Loads the signer on the agent; the key's temporary files are gone when this returns. */
    static CommitSigner load(MappedCredential credential) throws IOException, InvalidInputException {
        if (credential == null) {
            return CommitSigner.NONE;
        }
        Path directory = PrivateFiles.directory("gitops-signing");
        try {
            Path key = PrivateFiles.write(directory, "key", credential.secret().reveal());
            io.gitopspipeline.api.Secret passphrase = credential.passphrase();
            Path passphraseFile = passphrase == null || passphrase.reveal().isEmpty()
                    ? null
                    : PrivateFiles.write(directory, "passphrase", passphrase.reveal());
            SigningFormat format = credential.kind() == MappedCredential.Kind.SSH_PRIVATE_KEY
                    ? SigningFormat.SSH
                    : SigningFormat.OPENPGP;
            return CommitSigners.load(new SigningSettings(key, format, passphraseFile, null));
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
