package io.gitopspipeline.repo.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Commits signed by {@link CommitSigners} are checked by the real {@code git verify-commit}: gpg
 * with a GNUPGHOME holding only the public key, ssh-keygen with an allowed-signers file.
 */
class SignedCommitVerificationTest {
  private static final String PASSPHRASE = "correct horse battery staple";

  @TempDir Path root;
  private SigningKeys keys;
  private Repository repo;

  @BeforeEach
  void setUp() throws Exception {
    keys = new SigningKeys(root);
    repo = new FileRepository(root.resolve("repo.git").toFile());
    repo.create(true);
  }

  @AfterEach
  void tearDown() {
    repo.close();
    keys.close();
  }

  @Test
  void openPgpCommitWithAnEncryptedEd25519KeyIsVerifiedByGit() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", PASSPHRASE, null);
    CommitSigner signer =
        CommitSigners.load(settings(key.secretKeyFile(), null, passphrase(), null));

    ObjectId commit = commit(signer);

    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), commit.name());
    assertThat(verification.good()).as(verification.output()).isTrue();
    assertThat(verification.output()).contains("VALIDSIG " + key.primaryFingerprint());
    assertThat(signer.signature())
        .isEqualTo(new CommitSignature(SigningFormat.OPENPGP, key.primaryFingerprint()));
  }

  @Test
  void openPgpCommitWithAnUnencryptedRsaKeyIsVerifiedByGit() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("rsa2048", "sign", "never", "", null);
    CommitSigner signer = CommitSigners.load(settings(key.secretKeyFile(), null, null, null));

    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), commit(signer).name());

    assertThat(verification.good()).as(verification.output()).isTrue();
    assertThat(verification.output()).contains("VALIDSIG " + key.primaryFingerprint());
  }

  @Test
  void openPgpSignsWithTheSigningSubkeyWhenThePrimaryKeyOnlyCertifies() throws Exception {
    SigningKeys.PgpKey primary = keys.pgp("ed25519", "cert", "never", "", null);
    keys.addSubkey(primary, "cv25519", "encr", "");
    SigningKeys.PgpKey key = keys.addSubkey(primary, "ed25519", "sign", "");
    String signingSubkey = keys.subkeyFingerprints(key).get(1);

    CommitSigner signer = CommitSigners.load(settings(key.secretKeyFile(), null, null, null));
    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), commit(signer).name());

    assertThat(signer.signature().fingerprint()).isEqualTo(signingSubkey);
    assertThat(verification.good()).as(verification.output()).isTrue();
    assertThat(verification.output()).contains("VALIDSIG " + signingSubkey);
  }

  @Test
  void openPgpKeyIdChoosesAmongSeveralSigningKeys() throws Exception {
    SigningKeys.PgpKey primary = keys.pgp("ed25519", "sign", "never", "", null);
    SigningKeys.PgpKey key = keys.addSubkey(primary, "ed25519", "sign", "");

    CommitSigner signer =
        CommitSigners.load(
            settings(
                key.secretKeyFile(), SigningFormat.OPENPGP, null, "0x" + key.primaryFingerprint()));
    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), commit(signer).name());

    assertThat(signer.signature().fingerprint()).isEqualTo(key.primaryFingerprint());
    assertThat(verification.output()).contains("VALIDSIG " + key.primaryFingerprint());
  }

  @ParameterizedTest(name = "{0} {1} bits, passphrase: {2}")
  @CsvSource({
    "ed25519, 0, true",
    "ed25519, 0, false",
    "ecdsa, 256, false",
    "ecdsa, 384, true",
    "rsa, 2048, false"
  })
  void sshCommitIsVerifiedByGitWithAnAllowedSignersFile(String type, int bits, boolean encrypted)
      throws Exception {
    SigningKeys.SshKey key = keys.ssh(type, bits, encrypted ? PASSPHRASE : "");
    CommitSigner signer =
        CommitSigners.load(
            settings(key.privateKeyFile(), null, encrypted ? passphrase() : null, null));

    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), commit(signer).name());

    assertThat(verification.good()).as(verification.output()).isTrue();
    assertThat(verification.output()).contains("Good \"git\" signature for " + SigningKeys.EMAIL);
    assertThat(signer.signature())
        .isEqualTo(new CommitSignature(SigningFormat.SSH, keys.sshFingerprint(key)));
  }

  @Test
  void sshKeyIdMustBeTheKeysFingerprint() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "");
    String fingerprint = keys.sshFingerprint(key);

    assertThat(
            CommitSigners.load(
                settings(key.privateKeyFile(), SigningFormat.SSH, null, fingerprint)))
        .isNotNull();
    assertThatThrownBy(
            () ->
                CommitSigners.load(
                    settings(key.privateKeyFile(), null, null, "SHA256:someOtherKey")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("fingerprint is " + fingerprint);
  }

  @Test
  void openPgpCommitAlteredAfterSigningFailsVerification() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "", null);
    CommitSigner signer = CommitSigners.load(settings(key.secretKeyFile(), null, null, null));
    ObjectId signed = commit(signer);

    ObjectId tampered = tamper(signed);

    assertThat(keys.verifyCommit(gitDir(), signed.name()).good()).isTrue();
    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), tampered.name());
    assertThat(verification.good()).as(verification.output()).isFalse();
    assertThat(verification.output()).contains("BADSIG");
  }

  @Test
  void sshCommitAlteredAfterSigningFailsVerification() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "");
    CommitSigner signer = CommitSigners.load(settings(key.privateKeyFile(), null, null, null));
    ObjectId signed = commit(signer);

    ObjectId tampered = tamper(signed);

    assertThat(keys.verifyCommit(gitDir(), signed.name()).good()).isTrue();
    SigningKeys.Verification verification = keys.verifyCommit(gitDir(), tampered.name());
    assertThat(verification.good()).as(verification.output()).isFalse();
  }

  @Test
  void openPgpWrongPassphraseIsRefused() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", PASSPHRASE, null);
    Path wrong = root.resolve("wrong-passphrase");
    SigningKeys.write(wrong, "not it\n");

    assertThatThrownBy(() -> CommitSigners.load(settings(key.secretKeyFile(), null, wrong, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("passphrase does not unlock")
        .hasMessageNotContaining("not it");
    assertThatThrownBy(() -> CommitSigners.load(settings(key.secretKeyFile(), null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("protected by a passphrase");
  }

  @Test
  void sshWrongOrMissingPassphraseIsRefused() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, PASSPHRASE);
    Path wrong = root.resolve("wrong-passphrase");
    SigningKeys.write(wrong, "not it\n");

    assertThatThrownBy(() -> CommitSigners.load(settings(key.privateKeyFile(), null, wrong, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("passphrase does not unlock")
        .hasMessageNotContaining("not it");
    assertThatThrownBy(() -> CommitSigners.load(settings(key.privateKeyFile(), null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("protected by a passphrase");
  }

  @Test
  void openPgpKeyWithoutSigningCapabilityIsRefused() throws Exception {
    SigningKeys.PgpKey primary = keys.pgp("ed25519", "cert", "never", "", null);
    SigningKeys.PgpKey key = keys.addSubkey(primary, "cv25519", "encr", "");

    assertThatThrownBy(() -> CommitSigners.load(settings(key.secretKeyFile(), null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no usable signing key")
        .hasMessageContaining("may not sign");
  }

  @Test
  void expiredOpenPgpKeyIsRefused() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "1d", "", "20200101T000000!");

    assertThatThrownBy(() -> CommitSigners.load(settings(key.secretKeyFile(), null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expired on 2020-01-02");
  }

  @Test
  void unsupportedSshKeyTypeIsRefused() throws Exception {
    Path dsa = keys.dsaKey();

    assertThatThrownBy(() -> CommitSigners.load(settings(dsa, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unsupported key type ssh-dss");
  }

  @Test
  void publicKeysAndOtherFilesAreRefusedWithAHint() throws Exception {
    SigningKeys.PgpKey pgp = keys.pgp("ed25519", "sign", "never", "", null);
    SigningKeys.SshKey ssh = keys.ssh("ed25519", 0, "");
    Path sshPublic = root.resolve(ssh.privateKeyFile().getFileName() + ".pub");
    Path other = root.resolve("notes.txt");
    SigningKeys.write(other, "hello\n");

    assertThatThrownBy(() -> CommitSigners.load(settings(keys.exportPublic(pgp), null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("OpenPGP public key");
    assertThatThrownBy(() -> CommitSigners.load(settings(sshPublic, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("SSH public key");
    assertThatThrownBy(() -> CommitSigners.load(settings(other, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("neither");
    assertThatThrownBy(
            () -> CommitSigners.load(settings(root.resolve("missing"), null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void formatThatContradictsTheKeyFileIsRefused() throws Exception {
    SigningKeys.SshKey ssh = keys.ssh("ed25519", 0, "");

    assertThatThrownBy(
            () ->
                CommitSigners.load(
                    settings(ssh.privateKeyFile(), SigningFormat.OPENPGP, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds an ssh key, but the signing format is openpgp");
  }

  @Test
  void openPgpCommitterMustBeOneOfTheKeysUserIds() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "", null);
    CommitSigner signer = CommitSigners.load(settings(key.secretKeyFile(), null, null, null));

    signer.checkCommitter(SigningKeys.EMAIL.toUpperCase());
    assertThatThrownBy(() -> signer.checkCommitter("m@evil.invalid"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'m@evil.invalid' is not one of the OpenPGP signing key's user IDs")
        .hasMessageContaining(SigningKeys.EMAIL);
  }

  @Test
  void openPgpKeyIdThatMatchesNoKeyIsRefused() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "", null);

    assertThatThrownBy(
            () -> CommitSigners.load(settings(key.secretKeyFile(), null, null, "0123456789ABCDEF")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no usable signing key matching key id 0123456789ABCDEF");
    assertThatThrownBy(() -> CommitSigners.load(settings(key.secretKeyFile(), null, null, "xyz")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("signing key id 'xyz'");
  }

  private Path passphrase() {
    Path file = root.resolve("passphrase");
    SigningKeys.write(file, PASSPHRASE + "\n");
    return file;
  }

  private static SigningSettings settings(
      Path key, SigningFormat format, Path passphraseFile, String keyId) {
    return new SigningSettings(key, format, passphraseFile, keyId);
  }

  private Path gitDir() {
    return repo.getDirectory().toPath();
  }

  private ObjectId commit(CommitSigner signer) throws Exception {
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId blob =
          inserter.insert(
              Constants.OBJ_BLOB, "image: app:1.2.3\n".getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter();
      tree.append("app.yaml", FileMode.REGULAR_FILE, blob);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree));
      PersonIdent person = new PersonIdent(SigningKeys.NAME, SigningKeys.EMAIL);
      commit.setAuthor(person);
      commit.setCommitter(person);
      commit.setMessage("Promote app to 1.2.3\n\nGitOps-App: app\n");
      signer.sign(commit);
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      return id;
    }
  }

  /** The same commit object with its message changed and the signature kept. */
  private ObjectId tamper(ObjectId signed) throws Exception {
    String raw = new String(repo.open(signed).getBytes(), StandardCharsets.UTF_8);
    assertThat(raw).contains("gpgsig ").contains("to 1.2.3");
    byte[] altered = raw.replace("to 1.2.3", "to 6.6.6").getBytes(StandardCharsets.UTF_8);
    try (ObjectInserter inserter = repo.newObjectInserter()) {
      ObjectId id = inserter.insert(Constants.OBJ_COMMIT, altered);
      inserter.flush();
      return id;
    }
  }
}
