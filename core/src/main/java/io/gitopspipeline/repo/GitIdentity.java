package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;

/** A commit author or committer. */
public record GitIdentity(String name, String email) {
  /** Used when the caller names nobody. */
  public static final GitIdentity DEFAULT = new GitIdentity("gitops-pipeline", "gitops@localhost");

  /** Checks that git can record this identity (no angle brackets or line breaks). */
  public static GitIdentity of(String name, String email) throws InvalidInputException {
    if (name == null || name.isBlank() || name.matches(".*[<>\\r\\n].*")) {
      throw new InvalidInputException(
          "commit identity name '" + name + "' must be non-empty without '<', '>' or line breaks");
    }
    if (email == null || email.matches(".*[<>\\s].*")) {
      throw new InvalidInputException(
          "commit identity email '" + email + "' must not contain '<', '>' or whitespace");
    }
    return new GitIdentity(name.strip(), email);
  }
}
