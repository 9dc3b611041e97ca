package io.gitopspipeline.image;

import java.util.Objects;
import java.util.Optional;

/** Where the credentials for a registry come from: nowhere, given explicitly, or a config file. */
@FunctionalInterface
public interface CredentialSource {
  /** No credentials for any registry: anonymous access, and anonymous bearer tokens. */
  CredentialSource ANONYMOUS = registry -> Optional.empty();

  /**
   * The credentials for a registry as written in a reference ({@code docker.io}, {@code
   * 127.0.0.1:5000}), or empty for anonymous access.
   */
  Optional<RegistryCredentials> credentialsFor(String registry);

  /** The same credentials for every registry the operation talks to. */
  static CredentialSource of(RegistryCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return registry -> Optional.of(credentials);
  }
}
