package io.gitopspipeline.repo.signing;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Loads a {@link CommitSigner} from {@link SigningSettings}, checking the key completely. */
public final class CommitSigners {
  /** Keys and passphrases are small; anything larger is not one. */
  private static final int MAX_FILE_BYTES = 1 << 20;

  private static final Pattern SSH_PRIVATE_KEY =
      Pattern.compile("-----BEGIN (OPENSSH|RSA|EC|DSA|ENCRYPTED)? ?PRIVATE KEY-----");
  private static final Pattern SSH_PUBLIC_KEY =
      Pattern.compile("^\\s*(ssh-|ecdsa-|sk-)[a-z0-9@.-]+ AAAA", Pattern.MULTILINE);

  private CommitSigners() {}

  /**
   * The signer the settings describe, with its key unlocked and checked: a wrong passphrase, a key
   * that cannot sign, an expired or revoked key, or an unsupported key type is an {@link
   * InvalidInputException} naming the reason (never the key or passphrase).
   */
  public static CommitSigner load(SigningSettings settings) throws InvalidInputException {
    return load(settings, Instant.now());
  }

  static CommitSigner load(SigningSettings settings, Instant now) throws InvalidInputException {
    byte[] key = read(settings.keyFile(), "signing key file");
    char[] passphrase = null;
    try {
      if (settings.passphraseFile() != null) {
        passphrase = firstLine(read(settings.passphraseFile(), "signing passphrase file"));
      }
      String text = new String(key, StandardCharsets.US_ASCII);
      SigningFormat detected = detect(text, settings.keyFile());
      if (settings.format() != null && settings.format() != detected) {
        throw new InvalidInputException(
            "signing key file "
                + settings.keyFile()
                + " holds an "
                + detected.id()
                + " key, but the signing format is "
                + settings.format().id());
      }
      return switch (detected) {
        case OPENPGP -> OpenPgpCommitSigner.load(key, passphrase, settings.keyId(), now);
        case SSH ->
            SshCommitSigner.load(
                key, passphrase, settings.keyId(), settings.keyFile().getFileName().toString());
      };
    } finally {
      Arrays.fill(key, (byte) 0);
      if (passphrase != null) {
        Arrays.fill(passphrase, '\0');
      }
    }
  }

  /** The format of a key file, from its armor; public keys are refused with a hint. */
  static SigningFormat detect(String text, Path file) throws InvalidInputException {
    if (text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
      return SigningFormat.OPENPGP;
    }
    if (SSH_PRIVATE_KEY.matcher(text).find()) {
      return SigningFormat.SSH;
    }
    if (text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
      throw new InvalidInputException(
          "signing key file "
              + file
              + " holds an OpenPGP public key; signing needs the secret key (gpg --armor"
              + " --export-secret-keys)");
    }
    if (SSH_PUBLIC_KEY.matcher(text).find()) {
      throw new InvalidInputException(
          "signing key file "
              + file
              + " holds an SSH public key; signing needs the private key (the file without .pub)");
    }
    throw new InvalidInputException(
        "signing key file "
            + file
            + " is neither an ASCII-armored OpenPGP secret key (-----BEGIN PGP PRIVATE KEY"
            + " BLOCK-----) nor an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----)");
  }

  private static byte[] read(Path file, String what) throws InvalidInputException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(what + " " + file + " does not exist or is not a file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new InvalidInputException(
            what + " " + file + " is larger than " + MAX_FILE_BYTES + " bytes: not a key");
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /** The first line, as gpg's --passphrase-file reads it; the bytes are wiped. */
  private static char[] firstLine(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    java.nio.CharBuffer chars =
        StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, end));
    char[] result = new char[chars.remaining()];
    chars.get(result);
    Arrays.fill(chars.array(), '\0');
    Arrays.fill(bytes, (byte) 0);
    return result;
  }
}
