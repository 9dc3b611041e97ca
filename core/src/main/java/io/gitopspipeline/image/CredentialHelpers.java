package io.gitopspipeline.image;

import io.gitopspipeline.api.GitOpsException;
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
}
