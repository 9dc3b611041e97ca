package io.gitopspipeline.repo.signing;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import org.eclipse.jgit.lib.CommitBuilder;

/**
 * Signs the commits the engine creates. One instance holds one unlocked key and may be used from
 * several threads. Implementations: {@link OpenPgpCommitSigner}, {@link SshCommitSigner}, and
 * {@link #NONE}.
 */
public interface CommitSigner {
  /** Leaves commits unsigned. */
  CommitSigner NONE = new Unsigned();

  /** The format and key of the signatures, or {@code null} when commits stay unsigned. */
  CommitSignature signature();

  /**
   * Checks that this key may sign for {@code committer}, where the format ties keys to identities
   * (OpenPGP: the committer's email must be one of the key's user IDs, as GitHub and GitLab require
   * for "Verified"). Called before any work, so a mismatch fails before anything is pushed.
   */
  void checkCommitter(String committerEmail) throws InvalidInputException;

  /**
   * Signs {@code commit} in place: the signature covers the commit exactly as {@link
   * CommitBuilder#build()} writes it without a signature, as git does.
   *
   * @throws InvalidInputException when the key cannot sign (it was checked when loaded, so this is
   *     rare)
   * @throws IOException when the commit cannot be encoded
   */
  void sign(CommitBuilder commit) throws IOException, InvalidInputException;

  /** The null signer. */
  final class Unsigned implements CommitSigner {
    private Unsigned() {}

    @Override
    public CommitSignature signature() {
      return null;
    }

    @Override
    public void checkCommitter(String committerEmail) {}

    @Override
    public void sign(CommitBuilder commit) {}
  }
}
