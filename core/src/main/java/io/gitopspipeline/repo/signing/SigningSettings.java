package io.gitopspipeline.repo.signing;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the signing key comes from.
 *
 * @param keyFile an ASCII-armored OpenPGP secret key or an OpenSSH/PEM private key
 * @param format the format to sign in, or {@code null} to take it from the key file's content
 * @param passphraseFile a file whose first line unlocks the key, or {@code null} when it is not
 *     encrypted
 * @param keyId for OpenPGP, the key id or fingerprint of the (sub)key to sign with, or {@code null}
 *     to choose like git and gpg do; for SSH, the key's {@code SHA256:} fingerprint, checked
 */
public record SigningSettings(
    Path keyFile, SigningFormat format, Path passphraseFile, String keyId) {
  public SigningSettings {
    Objects.requireNonNull(keyFile, "keyFile");
    if (keyId != null && keyId.isBlank()) {
      keyId = null;
    }
  }
}
