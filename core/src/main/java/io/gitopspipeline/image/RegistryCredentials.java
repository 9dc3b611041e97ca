package io.gitopspipeline.image;

import io.gitopspipeline.api.Secret;
import java.util.Objects;

/**
 * A user name and password (or token) for a registry: sent as HTTP basic auth, or to the token
 * service of a bearer challenge. The password stays a {@link Secret}.
 */
public record RegistryCredentials(String username, Secret password) {
  public RegistryCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }
}
