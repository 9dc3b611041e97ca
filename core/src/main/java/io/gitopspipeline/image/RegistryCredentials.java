package io.gitopspipeline.image;

import io.gitopspipeline.api.Secret;
import java.util.Objects;

/**
 * A user name and password (or token) for a registry: sent as HTTP basic auth, or to the token
 * service of a bearer challenge. The password stays a {@link Secret}.
 *
 * <p>The user name {@value #TOKEN_USERNAME} marks an identity token, as Docker's credential helpers
 * and {@code identitytoken} config entries hold them (ACR, some Harbor and Docker Desktop logins):
 * it is not a password but an OAuth2 refresh token, exchanged at the token service of a bearer
 * challenge with {@code grant_type=refresh_token}.
 */
public record RegistryCredentials(String username, Secret password) {
  /** The user name Docker stores an identity token under. */
  public static final String TOKEN_USERNAME = "<token>";

  public RegistryCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** An identity (refresh) token rather than a user name and password. */
  public static RegistryCredentials identityToken(Secret token) {
    return new RegistryCredentials(TOKEN_USERNAME, token);
  }

  public boolean isIdentityToken() {
    return TOKEN_USERNAME.equals(username);
  }
}
