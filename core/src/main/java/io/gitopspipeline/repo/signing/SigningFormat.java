package io.gitopspipeline.repo.signing;

import io.gitopspipeline.api.InvalidInputException;
import java.util.Locale;

/** The signature formats git verifies ({@code gpg.format}). */
public enum SigningFormat {
  /** OpenPGP: {@code -----BEGIN PGP SIGNATURE-----}, verified with gpg. */
  OPENPGP("openpgp"),
  /** SSHSIG: {@code -----BEGIN SSH SIGNATURE-----}, verified with ssh-keygen. */
  SSH("ssh");

  private final String id;

  SigningFormat(String id) {
    this.id = id;
  }

  /** The name git's {@code gpg.format} and the CLI use. */
  public String id() {
    return id;
  }

  /** Parses {@code openpgp} or {@code ssh} (git's {@code gpg.format}; {@code gpg} = openpgp). */
  public static SigningFormat parse(String value) throws InvalidInputException {
    String normalized = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return switch (normalized) {
      case "openpgp", "gpg" -> OPENPGP;
      case "ssh" -> SSH;
      default ->
          throw new InvalidInputException(
              "signing format '"
                  + SigningErrors.printable(value)
                  + "' is not supported: use openpgp or ssh");
    };
  }
}
