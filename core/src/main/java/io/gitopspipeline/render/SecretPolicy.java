package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which plaintext {@code Secret}s may be written. By default none: a Secret with {@code data} or
 * {@code stringData} must be SOPS-encrypted, or be delivered another way (SealedSecret,
 * ExternalSecret), because whatever is written ends up in a Git repository or an OCI artifact.
 *
 * @param allowPlain every plaintext Secret is accepted (the user opted out knowingly)
 * @param allowed Secrets accepted by id: {@code NAMESPACE/NAME}, or {@code NAME} for a Secret that
 *     names no namespace
 */
public record SecretPolicy(boolean allowPlain, Set<String> allowed) {
  /** Plaintext Secrets are refused. */
  public static final SecretPolicy REFUSE_PLAIN = new SecretPolicy(false, Set.of());

  /** Every Secret is accepted as it is. */
  public static final SecretPolicy ALLOW_ALL = new SecretPolicy(true, Set.of());

  // A Kubernetes namespace (DNS label) and a Secret name (DNS subdomain), '/'-separated.
  private static final Pattern ID =
      Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/)?[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?");

  public SecretPolicy {
    allowed = Set.copyOf(allowed);
  }

  /**
   * A policy from user input.
   *
   * @throws InvalidInputException when an id is not {@code NAMESPACE/NAME} or {@code NAME}
   */
  public static SecretPolicy of(boolean allowPlain, Collection<String> allowed)
      throws InvalidInputException {
    Set<String> ids = new TreeSet<>();
    for (String id : allowed == null ? Set.<String>of() : allowed) {
      String trimmed = id == null ? "" : id.trim();
      if (!ID.matcher(trimmed).matches()) {
        throw new InvalidInputException(
            "--allow-secret '"
                + Printable.of(String.valueOf(id))
                + "' is not NAMESPACE/NAME (lowercase Kubernetes names), e.g. prod/db-password");
      }
      ids.add(trimmed);
    }
    return new SecretPolicy(allowPlain, ids);
  }

  boolean allows(String id) {
    return allowPlain || allowed.contains(id);
  }
}
