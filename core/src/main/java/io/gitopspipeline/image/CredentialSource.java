package io.gitopspipeline.image;

import io.gitopspipeline.api.GitOpsException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the credentials for a registry come from: nowhere, given explicitly, or a Docker config
 * (whose credential helpers may run a program).
 */
@FunctionalInterface
public interface CredentialSource {
  /** No credentials for any registry: anonymous access, and anonymous bearer tokens. */
  CredentialSource ANONYMOUS = registry -> Optional.empty();

  /**
   * The credentials for a registry as written in a reference ({@code docker.io}, {@code
   * 127.0.0.1:5000}), or empty for anonymous access.
   *
   * @throws GitOpsException when the source cannot tell, e.g. a credential helper failed
   */
  Optional<RegistryCredentials> credentialsFor(String registry) throws GitOpsException;

  /** The same credentials for every registry the operation talks to. */
  static CredentialSource of(RegistryCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return registry -> Optional.of(credentials);
  }
}
