package io.gitopspipeline.image;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.util.Optional;

/**
 * Docker credential helpers: the {@code docker-credential-<name>} programs that {@code credsStore}
 * and {@code credHelpers} in a Docker {@code config.json} name (desktop, osxkeychain, pass,
 * secretservice, ecr-login, gcloud, ...). Only {@code get} is needed: this tool never logs in.
 */
@FunctionalInterface
public interface CredentialHelpers {
  /**
   * What helper {@code helper} holds for {@code serverUrl} (the key Docker uses: {@code
   * https://index.docker.io/v1/} for Docker Hub, otherwise {@code host[:port]}).
   *
   * @return empty when the helper has no credentials for the server (Docker then goes anonymous); a
   *     {@link RegistryCredentials#isIdentityToken() identity token} when the helper answers with
   *     the {@code <token>} user name
   * @throws GitOpsException when the helper is missing, fails, times out or answers nonsense; the
   *     message names the helper and the server only, never what the helper printed
   */
  Optional<RegistryCredentials> get(String helper, String serverUrl) throws GitOpsException;

  /**
   * Helpers that are never run: where running programs named by a user's config is not wanted (the
   * Jenkins controller). A config that needs one fails, saying {@code why}.
   */
  static CredentialHelpers refused(String why) {
    return (helper, serverUrl) -> {
      throw new InvalidInputException(
          "the Docker config asks credential helper docker-credential-"
              + helper
              + " for "
              + serverUrl
              + ", but "
              + why);
    };
  }
}
