package io.gitopspipeline.repo;

import io.gitopspipeline.api.Secret;
import java.nio.file.Path;
import java.util.Objects;

/** How to authenticate to the GitOps repository's remote. */
public sealed interface GitCredentials {
  /** Local paths, {@code file://}, anonymous HTTP(S), or SSH with the agent-less defaults. */
  GitCredentials NONE = new Anonymous();

  /** No credentials. */
  record Anonymous() implements GitCredentials {}

  /**
   * HTTP(S) basic authentication: a password or an access token. Providers accept a token as the
   * password with any user name; {@code x-access-token} is used when none is given.
   */
  record UsernamePassword(String username, Secret password) implements GitCredentials {
    public UsernamePassword {
      username = username == null || username.isBlank() ? "x-access-token" : username;
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * SSH with a private key (OpenSSH or PEM format) and host key verification.
   *
   * @param privateKey the key file
   * @param passphrase the key's passphrase, or {@code null} for an unencrypted key
   * @param knownHosts the known_hosts file to verify the server against; {@code null} means {@code
   *     ~/.ssh/known_hosts}
   * @param acceptNewHostKeys accept and record the key of a host not in {@code knownHosts} yet
   *     (OpenSSH's {@code accept-new}); a changed key is always refused
   */
  record SshKey(Path privateKey, Secret passphrase, Path knownHosts, boolean acceptNewHostKeys)
      implements GitCredentials {
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
    }
  }
}
