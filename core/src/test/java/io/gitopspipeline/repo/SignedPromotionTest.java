package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.repo.signing.CommitSigners;
import io.gitopspipeline.repo.signing.SigningKeys;
import io.gitopspipeline.repo.signing.SigningSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every commit a promotion creates is signed, and the real {@code git verify-commit} agrees. */
class SignedPromotionTest {
  @TempDir Path tmp;
  private GitCli git;
  private SigningKeys keys;
  private Path remote;
  private Promoter promoter;

  @BeforeEach
  void setUp() {
    git = new GitCli(tmp);
    keys = new SigningKeys(mkdir("keys"));
    remote = git.bareRepositoryWithMain(tmp);
    promoter = new Promoter(PromoterSettings.defaults().withWorkDirectory(tmp.resolve("work")));
  }

  @AfterEach
  void tearDown() {
    keys.close();
  }

  private Path mkdir(String name) {
    try {
      return Files.createDirectories(tmp.resolve(name));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path rendered(String content) {
    Path dir = tmp.resolve("rendered");
    GitCli.write(dir.resolve("deployment.yaml"), content);
    return dir;
  }

  private CommitSigner sshSigner() throws Exception {
    SigningKeys.SshKey key = keys.ssh("ed25519", 0, "");
    return CommitSigners.load(new SigningSettings(key.privateKeyFile(), null, null, null));
  }

  private Promotion promotion(String repository, CommitSigner signer) {
    GitIdentity bot = new GitIdentity(SigningKeys.NAME, SigningKeys.EMAIL);
    return Promotion.of(repository, "main", "web", "dev", rendered("kind: Deployment\n"))
        .withAuthor(bot)
        .withSigner(signer);
  }

  @Test
  void promotionCommitIsSignedAndVerifiedByGit() throws Exception {
    PromotionResult result =
        promoter.promote(promotion(remote.toString(), sshSigner()), ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    SigningKeys.Verification verification = keys.verifyCommit(remote, result.commit());
    assertThat(verification.good()).as(verification.output()).isTrue();
  }

  @Test
  void openPgpPromotionCommitIsVerifiedByGit() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "", null);
    CommitSigner signer =
        CommitSigners.load(new SigningSettings(key.secretKeyFile(), null, null, null));

    PromotionResult result =
        promoter.promote(promotion(remote.toString(), signer), ProgressListener.NONE);

    SigningKeys.Verification verification = keys.verifyCommit(remote, result.commit());
    assertThat(verification.good()).as(verification.output()).isTrue();
    assertThat(verification.output()).contains("VALIDSIG " + key.primaryFingerprint());
  }

  @Test
  void commitReappliedOnAMovedBranchIsSignedToo() throws Exception {
    Path other = tmp.resolve("other");
    git.run(tmp, "clone", "-q", remote.toString(), other.toString());
    AtomicBoolean raced = new AtomicBoolean();
    ProgressListener racer =
        p -> {
          if (p.message().startsWith("pushing") && raced.compareAndSet(false, true)) {
            GitCli.write(other.resolve("apps/api/dev/x.yaml"), "x\n");
            git.run(other, "add", "-A");
            git.run(other, "commit", "-q", "-m", "someone else");
            git.run(other, "push", "-q", "origin", "main");
          }
        };

    PromotionResult result = promoter.promote(promotion(remote.toString(), sshSigner()), racer);

    assertThat(raced).isTrue();
    assertThat(git.run(remote, "log", "--format=%s", "main").strip().split("\n"))
        .containsExactly("Promote web to dev", "someone else", "Initial commit");
    assertThat(result.commit()).isEqualTo(git.run(remote, "rev-parse", "main").strip());
    SigningKeys.Verification verification = keys.verifyCommit(remote, result.commit());
    assertThat(verification.good()).as(verification.output()).isTrue();
  }

  @Test
  void embeddedRepositoryStartsWithASignedCommit() throws Exception {
    Path embedded = tmp.resolve("embedded.git");

    PromotionResult result =
        promoter.promote(promotion(embedded.toString(), sshSigner()), ProgressListener.NONE);

    String initial = git.run(embedded, "rev-parse", result.commit() + "^").strip();
    assertThat(keys.verifyCommit(embedded, initial).good()).isTrue();
    assertThat(keys.verifyCommit(embedded, result.commit()).good()).isTrue();
  }

  @Test
  void committerOutsideTheOpenPgpKeysIdentitiesFailsBeforeAnythingIsPushed() throws Exception {
    SigningKeys.PgpKey key = keys.pgp("ed25519", "sign", "never", "", null);
    CommitSigner signer =
        CommitSigners.load(new SigningSettings(key.secretKeyFile(), null, null, null));
    String before = git.run(remote, "rev-parse", "main").strip();
    Promotion promotion =
        promotion(remote.toString(), signer)
            .withCommitter(new GitIdentity("Someone", "someone@elsewhere.invalid"));

    assertThatThrownBy(() -> promoter.promote(promotion, ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("someone@elsewhere.invalid");
    assertThat(git.run(remote, "rev-parse", "main").strip()).isEqualTo(before);
  }
}
