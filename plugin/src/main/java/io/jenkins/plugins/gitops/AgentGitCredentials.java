package io.jenkins.plugins.gitops;

import io.gitopspipeline.repo.GitCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Core's {@link GitCredentials} for a build's git credential, made on the agent that uses them (in a
 * callable): a token or password as is, an SSH key in a private temporary directory that the
 * caller deletes with {@link PrivateFiles#delete} when done.
 *
 * @param keyDirectory the SSH key's temporary directory, or null
 */
record AgentGitCredentials(GitCredentials credentials, Path keyDirectory) {

    /**
     * @param git the credential, or null for none
     * @param workspace what a relative {@code knownHosts} is resolved against
     * @param knownHosts the known_hosts file for SSH, or null for the user's
     */
    static AgentGitCredentials of(MappedCredential git, Path workspace, String knownHosts, boolean acceptNewHostKeys)
            throws IOException {
        if (git == null) {
            return new AgentGitCredentials(GitCredentials.NONE, null);
        }
        if (git.kind() != MappedCredential.Kind.SSH_PRIVATE_KEY) {
            // a secret text is a token: core sends it as the password of x-access-token
            return new AgentGitCredentials(new GitCredentials.UsernamePassword(git.username(), git.secret()), null);
        }
        Path directory = PrivateFiles.directory("gitops-ssh");
        try {
            Path key = PrivateFiles.write(directory, "key", git.secret().reveal());
            Path hosts = knownHosts == null ? null : workspace.resolve(knownHosts);
            return new AgentGitCredentials(
                    new GitCredentials.SshKey(key, git.passphrase(), hosts, acceptNewHostKeys), directory);
        } catch (IOException | RuntimeException e) {
            PrivateFiles.delete(directory);
            throw e;
        }
    }
}
