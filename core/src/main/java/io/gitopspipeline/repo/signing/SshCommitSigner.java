package io.gitopspipeline.repo.signing;

import io.gitopspipeline.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * SSH signatures in the SSHSIG format git writes for {@code gpg.format=ssh} (namespace {@code git},
 * SHA-512; see OpenSSH's PROTOCOL.sshsig), from an OpenSSH or PEM private key that Apache MINA sshd
 * loads and decrypts once. Supported key types are those {@code ssh-keygen -Y sign} accepts without
 * hardware: ed25519, ECDSA (P-256, P-384, P-521) and RSA (signed with rsa-sha2-512).
 *
 * <p>JGit 7.4 has an SSH signer, but it takes a key path and loads (and decrypts) the key for every
 * signature, asks for the passphrase through an interactive credentials provider, and falls back to
 * ssh-agent when the private key is not found. Here the key is read from the given file only, once,
 * and checked before any work; the signature format is the same and {@code git verify-commit}
 * checks it.
 *
 * <p>SSH keys carry no identity: which committer a key speaks for is decided by the verifier's
 * allowed-signers file, so {@link #checkCommitter} accepts everyone.
 */
public final class SshCommitSigner implements CommitSigner {
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
  private static final String NAMESPACE = "git";
  private static final String HASH = "sha512";
  private static final Set<String> SUPPORTED =
      Set.of(
          KeyPairProvider.SSH_ED25519,
          KeyPairProvider.ECDSA_SHA2_NISTP256,
          KeyPairProvider.ECDSA_SHA2_NISTP384,
          KeyPairProvider.ECDSA_SHA2_NISTP521,
          KeyPairProvider.SSH_RSA);

  private final KeyPair keyPair;
  private final String signatureAlgorithm;
  private final CommitSignature signature;

  private SshCommitSigner(KeyPair keyPair, String signatureAlgorithm, String fingerprint) {
    this.keyPair = keyPair;
    this.signatureAlgorithm = signatureAlgorithm;
    this.signature = new CommitSignature(SigningFormat.SSH, fingerprint);
  }

  static SshCommitSigner load(byte[] key, char[] passphrase, String keyId, String name)
      throws InvalidInputException {
    Collection<KeyPair> pairs;
    try (InputStream in = new ByteArrayInputStream(key)) {
      pairs =
          SecurityUtils.getKeyPairResourceParser()
              .loadKeyPairs(
                  null,
                  NamedResource.ofName(name),
                  passphrase == null ? null : FilePasswordProvider.of(new String(passphrase)),
                  in);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new InvalidInputException(loadFailure(e, passphrase != null));
    }
    if (pairs == null || pairs.size() != 1) {
      throw new InvalidInputException(
          "the SSH signing key file must hold exactly one private key, not "
              + (pairs == null ? 0 : pairs.size()));
    }
    KeyPair pair = pairs.iterator().next();
    String type = KeyUtils.getKeyType(pair.getPublic());
    if (type == null || !SUPPORTED.contains(type)) {
      throw new InvalidInputException(
          "the SSH signing key has an unsupported key type "
              + (type == null ? pair.getPublic().getAlgorithm() : type)
              + ": use ed25519, ECDSA or RSA");
    }
    String algorithm =
        KeyPairProvider.SSH_RSA.equals(type) ? KeyUtils.RSA_SHA512_KEY_TYPE_ALIAS : type;
    BuiltinSignatures factory = BuiltinSignatures.fromFactoryName(algorithm);
    if (factory == null || !factory.isSupported()) {
      throw new InvalidInputException(
          "the SSH signing key type " + type + " cannot sign on this Java runtime");
    }
    String fingerprint = KeyUtils.getFingerPrint(pair.getPublic());
    if (keyId != null && !matches(keyId.strip(), fingerprint)) {
      throw new InvalidInputException(
          "the SSH signing key's fingerprint is "
              + fingerprint
              + ", not the expected '"
              + SigningErrors.printable(keyId)
              + "'");
    }
    SshCommitSigner signer = new SshCommitSigner(pair, algorithm, fingerprint);
    // A probe signature: a key the runtime cannot use fails here, not at the first commit.
    signer.signBytes(new byte[0]);
    return signer;
  }

  private static boolean matches(String keyId, String fingerprint) {
    return keyId.equals(fingerprint) || ("SHA256:" + keyId).equals(fingerprint);
  }

  /** Why MINA could not load the key, without its content. */
  private static String loadFailure(Exception e, boolean withPassphrase) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    if (!withPassphrase && (lower.contains("password") || lower.contains("encrypt"))) {
      return "the SSH signing key is protected by a passphrase: give the signing passphrase file";
    }
    if (withPassphrase
        && (e instanceof GeneralSecurityException
            || lower.contains("password")
            || lower.contains("decrypt")
            || lower.contains("check")
            || lower.contains("padding"))) {
      return "the signing passphrase does not unlock the SSH signing key";
    }
    return "the SSH signing key cannot be read: " + SigningErrors.printable(message);
  }

  @Override
  public CommitSignature signature() {
    return signature;
  }

  @Override
  public void checkCommitter(String committerEmail) {
    // SSH keys name no identity; the verifier's allowed-signers file ties key and email.
  }

  @Override
  public void sign(CommitBuilder commit) throws IOException, InvalidInputException {
    commit.setGpgSignature(null);
    commit.setGpgSignature(new GpgSignature(signBytes(commit.build())));
  }

  private byte[] signBytes(byte[] payload) throws InvalidInputException {
    try {
      Buffer signed = new ByteArrayBuffer();
      signed.putRawBytes(MAGIC);
      signed.putString(NAMESPACE);
      signed.putString(""); // reserved
      signed.putString(HASH);
      signed.putBytes(MessageDigest.getInstance("SHA-512").digest(payload));

      Signature signer = BuiltinSignatures.fromFactoryName(signatureAlgorithm).create();
      signer.initSigner(null, keyPair.getPrivate());
      signer.update(null, signed.getCompactData());
      Buffer blob = new ByteArrayBuffer();
      blob.putString(signatureAlgorithm);
      blob.putBytes(signer.sign(null));

      Buffer sshsig = new ByteArrayBuffer();
      sshsig.putRawBytes(MAGIC);
      sshsig.putUInt(1); // version
      sshsig.putPublicKey(keyPair.getPublic());
      sshsig.putString(NAMESPACE);
      sshsig.putString(""); // reserved
      sshsig.putString(HASH);
      sshsig.putBytes(blob.getCompactData());
      return armor(sshsig.getCompactData());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
    } catch (Exception e) {
      throw new InvalidInputException(
          "the SSH signing key "
              + signature.fingerprint()
              + " cannot sign: "
              + SigningErrors.printable(e.getMessage()));
    }
  }

  /** The armor ssh-keygen writes: base64 in lines of 70 characters. */
  private static byte[] armor(byte[] data) {
    String encoded = Base64.getEncoder().encodeToString(data);
    StringBuilder out = new StringBuilder("-----BEGIN SSH SIGNATURE-----\n");
    for (int i = 0; i < encoded.length(); i += 70) {
      out.append(encoded, i, Math.min(encoded.length(), i + 70)).append('\n');
    }
    out.append("-----END SSH SIGNATURE-----\n");
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
