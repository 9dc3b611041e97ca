package io.gitopspipeline.repo;

import io.gitopspipeline.api.Secret;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Answers an HTTP(S) server's user name and password challenge, but only for the remote's own
 * origin: JGit asks with the URL it is connected to, which after a redirect may be another host.
 * Every other question (e.g. "trust this certificate?") is declined. Without a user name it
 * declines the challenge too, so no provider set elsewhere in the JVM is consulted.
 */
final class OriginCredentialsProvider extends CredentialsProvider {
  private final HttpOrigin origin;
  private final String username;
  private final Secret password;

  /**
   * @param username the user, or {@code null} to give no credentials at all
   * @param password the password or token; {@code null} only without a user
   */
  OriginCredentialsProvider(HttpOrigin origin, String username, Secret password) {
    this.origin = origin;
    this.username = username;
    this.password = password;
  }

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    for (CredentialItem item : items) {
      if (!(item instanceof CredentialItem.Username)
          && !(item instanceof CredentialItem.Password)
          && !(item instanceof CredentialItem.YesNoType)
          && !(item instanceof CredentialItem.InformationalMessage)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    boolean asksForCredentials = false;
    for (CredentialItem item : items) {
      asksForCredentials |=
          item instanceof CredentialItem.Username || item instanceof CredentialItem.Password;
    }
    if (asksForCredentials && (username == null || !origin.matches(uri))) {
      return false;
    }
    for (CredentialItem item : items) {
      if (item instanceof CredentialItem.Username user) {
        user.setValue(username);
      } else if (item instanceof CredentialItem.Password secret) {
        secret.setValue(password.reveal().toCharArray());
      } else if (item instanceof CredentialItem.YesNoType yesNo) {
        yesNo.setValue(false);
      } else if (!(item instanceof CredentialItem.InformationalMessage)) {
        throw new UnsupportedCredentialItem(uri, item.getPromptText());
      }
    }
    return true;
  }
}
