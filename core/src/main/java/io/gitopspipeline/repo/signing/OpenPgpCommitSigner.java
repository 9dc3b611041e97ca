package io.gitopspipeline.repo.signing;

import io.gitopspipeline.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.GpgSignature;

/**
 * OpenPGP signatures with BouncyCastle's lightweight API, from an ASCII-armored secret key: no
 * {@code gpg} binary, agent or keyring. JGit's own BouncyCastle signer looks keys up in a GnuPG
 * home directory, which a CI job does not have; this class takes the exported key as it is.
 *
 * <p>The signing key is chosen like gpg does for {@code git commit -S}: the most recently created
 * subkey (or the primary key) that is allowed to sign, is not revoked or expired and has its secret
 * part in the file; or the key whose id or fingerprint is given. Signatures use SHA-512.
 */
public final class OpenPgpCommitSigner implements CommitSigner {
  private static final Set<Integer> SIGNING_ALGORITHMS =
      Set.of(
          PublicKeyAlgorithmTags.RSA_GENERAL,
          PublicKeyAlgorithmTags.RSA_SIGN,
          PublicKeyAlgorithmTags.DSA,
          PublicKeyAlgorithmTags.ECDSA,
          PublicKeyAlgorithmTags.EDDSA_LEGACY,
          PublicKeyAlgorithmTags.Ed25519,
          PublicKeyAlgorithmTags.Ed448);

  private final PGPPublicKey signingKey;
  private final PGPPrivateKey privateKey;
  private final List<String> emails;
  private final CommitSignature signature;

  private OpenPgpCommitSigner(
      PGPPublicKey signingKey, PGPPrivateKey privateKey, List<String> emails) {
    this.signingKey = signingKey;
    this.privateKey = privateKey;
    this.emails = List.copyOf(emails);
    this.signature =
        new CommitSignature(
            SigningFormat.OPENPGP,
            HexFormat.of().withUpperCase().formatHex(signingKey.getFingerprint()));
  }

  static OpenPgpCommitSigner load(byte[] armored, char[] passphrase, String keyId, Instant now)
      throws InvalidInputException {
    PGPSecretKeyRingCollection rings;
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
    } catch (IOException | PGPException | RuntimeException e) {
      throw new InvalidInputException(
          "the OpenPGP signing key cannot be read: " + SigningErrors.printable(e.getMessage()));
    }
    String wanted = keyId == null ? null : normalizeKeyId(keyId);
    List<String> refused = new ArrayList<>();
    Candidate best = null;
    for (Iterator<PGPSecretKeyRing> r = rings.getKeyRings(); r.hasNext(); ) {
      PGPSecretKeyRing ring = r.next();
      PGPPublicKey primary = ring.getPublicKey();
      String primaryProblem = validity(primary, now);
      for (Iterator<PGPSecretKey> k = ring.getSecretKeys(); k.hasNext(); ) {
        PGPSecretKey secret = k.next();
        PGPPublicKey key = secret.getPublicKey();
        String fingerprint = hex(key.getFingerprint());
        if (wanted != null && !fingerprint.endsWith(wanted)) {
          continue;
        }
        String problem = primaryProblem != null ? primaryProblem : usability(secret, key, now);
        if (problem != null) {
          refused.add(fingerprint + " " + problem);
          continue;
        }
        if (best == null || key.getCreationTime().after(best.key().getCreationTime())) {
          best = new Candidate(secret, key, primary);
        }
      }
    }
    if (best == null) {
      String which = wanted == null ? "" : " matching key id " + wanted;
      throw new InvalidInputException(
          "the OpenPGP signing key file has no usable signing key"
              + which
              + (refused.isEmpty() ? "" : ": " + String.join("; ", refused)));
    }
    PGPPrivateKey privateKey = unlock(best.secret(), passphrase);
    OpenPgpCommitSigner signer = new OpenPgpCommitSigner(best.key(), privateKey, emails(best));
    // A probe signature: an algorithm BouncyCastle cannot use fails here, not at the first commit.
    signer.signBytes(new byte[0]);
    return signer;
  }

  private record Candidate(PGPSecretKey secret, PGPPublicKey key, PGPPublicKey primary) {}

  /** Why a key cannot be used at {@code now}, or {@code null}. */
  private static String validity(PGPPublicKey key, Instant now) {
    if (key.hasRevocation()) {
      return "is revoked";
    }
    long validSeconds = key.getValidSeconds();
    if (validSeconds > 0) {
      Instant expiry = key.getCreationTime().toInstant().plusSeconds(validSeconds);
      if (!expiry.isAfter(now)) {
        return "expired on " + expiry;
      }
    }
    if (key.getCreationTime().toInstant().isAfter(now.plusSeconds(300))) {
      return "is created in the future (" + key.getCreationTime().toInstant() + ")";
    }
    return null;
  }

  private static String usability(PGPSecretKey secret, PGPPublicKey key, Instant now) {
    String invalid = validity(key, now);
    if (invalid != null) {
      return invalid;
    }
    if ((keyFlags(key) & KeyFlags.SIGN_DATA) == 0) {
      return "may not sign (no signing capability in its key flags)";
    }
    if (!SIGNING_ALGORITHMS.contains(key.getAlgorithm())) {
      return "has an unsupported key type (OpenPGP algorithm " + key.getAlgorithm() + ")";
    }
    if (secret.isPrivateKeyEmpty()) {
      return "has no secret part in the file (a stub: the key lives on a card or elsewhere)";
    }
    return null;
  }

  /**
   * The key flags of the newest self-signature: the binding signature for a subkey, the newest
   * self-certification for the primary key. A primary key without key flags may sign (RFC 4880's
   * default for old keys); a subkey without them may not.
   */
  private static int keyFlags(PGPPublicKey key) {
    Iterator<PGPSignature> signatures =
        key.isMasterKey()
            ? key.getSignatures()
            : key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
    PGPSignature newest = null;
    while (signatures.hasNext()) {
      PGPSignature signature = signatures.next();
      PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
      boolean self = !key.isMasterKey() || signature.getKeyID() == key.getKeyID();
      if (self
          && hashed != null
          && hashed.getKeyFlags() != 0
          && (newest == null || signature.getCreationTime().after(newest.getCreationTime()))) {
        newest = signature;
      }
    }
    if (newest == null) {
      return key.isMasterKey() ? KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER : 0;
    }
    return newest.getHashedSubPackets().getKeyFlags();
  }

  private static PGPPrivateKey unlock(PGPSecretKey secret, char[] passphrase)
      throws InvalidInputException {
    String fingerprint = hex(secret.getPublicKey().getFingerprint());
    boolean encrypted = secret.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
    if (encrypted && passphrase == null) {
      throw new InvalidInputException(
          "the OpenPGP signing key "
              + fingerprint
              + " is protected by a passphrase: give the signing passphrase file");
    }
    try {
      return secret.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
              .build(passphrase == null ? new char[0] : passphrase));
    } catch (PGPException | RuntimeException e) {
      throw new InvalidInputException(
          "the signing passphrase does not unlock the OpenPGP signing key " + fingerprint);
    }
  }

  private static List<String> emails(Candidate candidate) {
    List<String> emails = new ArrayList<>();
    for (Iterator<String> ids = candidate.primary().getUserIDs(); ids.hasNext(); ) {
      String id = ids.next();
      int open = id.lastIndexOf('<');
      int close = id.lastIndexOf('>');
      emails.add(open >= 0 && close > open ? id.substring(open + 1, close) : id.strip());
    }
    return emails;
  }

  /** Hex digits only, upper case: accepts {@code 0x…}, spaces and gpg's trailing {@code !}. */
  private static String normalizeKeyId(String keyId) throws InvalidInputException {
    String id = keyId.strip().replace(" ", "").toUpperCase(Locale.ROOT);
    if (id.startsWith("0X")) {
      id = id.substring(2);
    }
    if (id.endsWith("!")) {
      id = id.substring(0, id.length() - 1);
    }
    if (!id.matches("[0-9A-F]{16}|[0-9A-F]{40}|[0-9A-F]{64}")) {
      throw new InvalidInputException(
          "signing key id '"
              + SigningErrors.printable(keyId)
              + "' must be a 16-digit key id or a full fingerprint in hex");
    }
    return id;
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  @Override
  public CommitSignature signature() {
    return signature;
  }

  @Override
  public void checkCommitter(String committerEmail) throws InvalidInputException {
    for (String email : emails) {
      if (email.equalsIgnoreCase(committerEmail)) {
        return;
      }
    }
    throw new InvalidInputException(
        "the committer email '"
            + SigningErrors.printable(committerEmail)
            + "' is not one of the OpenPGP signing key's user IDs ("
            + SigningErrors.printable(String.join(", ", emails))
            + "); GitHub and GitLab show such commits as unverified");
  }

  @Override
  public void sign(CommitBuilder commit) throws IOException, InvalidInputException {
    commit.setGpgSignature(null);
    commit.setGpgSignature(new GpgSignature(signBytes(commit.build())));
  }

  private byte[] signBytes(byte[] payload) throws InvalidInputException {
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new BcPGPContentSignerBuilder(signingKey.getAlgorithm(), HashAlgorithmTags.SHA512),
              signingKey);
      generator.init(PGPSignature.BINARY_DOCUMENT, privateKey);
      generator.update(payload);
      PGPSignature result = generator.generate();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
        result.encode(armor);
      }
      // git stores the armor with LF line ends whatever the platform's separator.
      String text = bytes.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n");
      return text.getBytes(StandardCharsets.US_ASCII);
    } catch (PGPException | IOException | RuntimeException e) {
      throw new InvalidInputException(
          "the OpenPGP signing key "
              + signature.fingerprint()
              + " cannot sign: "
              + SigningErrors.printable(e.getMessage()));
    }
  }
}
