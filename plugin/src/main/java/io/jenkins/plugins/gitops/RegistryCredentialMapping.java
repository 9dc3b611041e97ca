package io.jenkins.plugins.gitops;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.image.CredentialHelpers;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.DockerConfigCredentials;
import io.gitopspipeline.image.RegistryCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Core's registry {@link CredentialSource} for a build's registry credential, made where it is used:
 * a username and password (or token) as is, a Docker {@code config.json} secret file read from a
 * private temporary directory that the caller deletes with {@link PrivateFiles#delete}. A Jenkins
 * credential is the whole secret: credential helpers it names are never run.
 *
 * @param configDirectory the {@code config.json}'s temporary directory, or null
 */
record RegistryCredentialMapping(CredentialSource credentials, Path configDirectory) {

    /** @param credential the credential, or null for anonymous access */
    static RegistryCredentialMapping of(MappedCredential credential) throws IOException, InvalidInputException {
        if (credential == null) {
            return new RegistryCredentialMapping(CredentialSource.ANONYMOUS, null);
        }
        if (credential.kind() != MappedCredential.Kind.FILE) {
            return new RegistryCredentialMapping(
                    CredentialSource.of(new RegistryCredentials(
                            credential.username() == null ? "" : credential.username(), credential.secret())),
                    null);
        }
        Path directory = PrivateFiles.directory("gitops-docker");
        try {
            Path config = PrivateFiles.write(
                    directory, "config.json", credential.secret().reveal());
            CredentialSource source = DockerConfigCredentials.load(
                    config,
                    CredentialHelpers.refused("gitops steps do not run credential helpers; put the registry's"
                            + " auths entry (or a username and password credential) in Jenkins instead"));
            return new RegistryCredentialMapping(source, directory);
        } catch (IOException | InvalidInputException | RuntimeException e) {
            PrivateFiles.delete(directory);
            throw e;
        }
    }
}
