package io.gitopspipeline.cli.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.repo.signing.CommitSignature;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.repo.signing.CommitSigners;
import io.gitopspipeline.repo.signing.SigningFormat;
import io.gitopspipeline.repo.signing.SigningSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The commit-signing options of every command that commits: add it as a {@code @Mixin}, load the
 * signer with {@link #signer()} before any work (a bad key fails with exit 2 before anything is
 * pushed) and report each commit's signature with {@link #json(CommitSignature)}.
 */
public final class SigningOptions {
  @Option(
      names = "--sign-key-file",
      paramLabel = "FILE",
      description =
          "Sign every commit with this key: an ASCII-armored OpenPGP secret key (gpg --armor"
              + " --export-secret-keys) or an OpenSSH private key (ed25519, ECDSA, RSA).")
  Path keyFile;

  @Option(
      names = "--sign-format",
      paramLabel = "openpgp|ssh",
      description = "The signature format (default: from the key file's content).")
  String format;

  @Option(
      names = "--sign-passphrase-file",
      paramLabel = "FILE",
      description = "File whose first line unlocks the signing key.")
  Path passphraseFile;

  @Option(
      names = "--sign-key-id",
      paramLabel = "ID",
      description =
          "OpenPGP: the key id or fingerprint of the (sub)key to sign with (default: the newest"
              + " valid signing subkey, as gpg chooses). SSH: the key's SHA256 fingerprint, checked.")
  String keyId;

  /** The signer the options describe, checked; {@link CommitSigner#NONE} without a key file. */
  public CommitSigner signer() throws InvalidInputException {
    if (keyFile == null) {
      if (format != null || passphraseFile != null || keyId != null) {
        throw new InvalidInputException(
            "--sign-format, --sign-passphrase-file and --sign-key-id need --sign-key-file");
      }
      return CommitSigner.NONE;
    }
    return CommitSigners.load(
        new SigningSettings(
            keyFile, format == null ? null : SigningFormat.parse(format), passphraseFile, keyId));
  }

  /** A commit's signature for {@code --output json}: format and fingerprint. */
  public static Map<String, Object> json(CommitSignature signature) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", signature.format().id());
    json.put("fingerprint", signature.fingerprint());
    return json;
  }
}
