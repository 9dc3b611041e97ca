package io.gitopspipeline.scm;

import java.util.Objects;

/**
 * A GitHub App's identity: the pipeline authenticates as the app's installation on the repository
 * instead of with a personal token.
 *
 * @param appId the numeric app id (or its client id)
 * @param privateKeyPem the app's private key, PEM (PKCS#1 as GitHub issues it, or PKCS#8)
 */
public record AppCredentials(String appId, io.gitopspipeline.api.Secret privateKeyPem) {
  public AppCredentials {
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
  }
}
