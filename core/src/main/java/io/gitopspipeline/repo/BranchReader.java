package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;

/**
 * Read access to the full history of branches of the GitOps repository, for the lifecycle commands
 * (history, status, rollback, supersede checks). A local repository (a path or {@code file://}) is
 * read in place, never written; a remote one is fetched with its whole history into a temporary
 * bare repository, or incrementally into {@code <cache>/history} (kept apart from the promotion
 * cache, which holds depth-1 fetches). Nothing is ever checked out.
 */
public final class BranchReader implements AutoCloseable {
  private final GitRemote remote;
  private final WorkingRepository work;
  private final Repository repository;

  private BranchReader(GitRemote remote, WorkingRepository work, Repository repository) {
    this.remote = remote;
    this.work = work;
    this.repository = repository;
  }

  /**
   * Opens the repository for reading.
   *
   * @throws InvalidInputException for a URL git does not understand, or a local path that holds no
   *     repository
   */
  public static BranchReader open(
      PromoterSettings settings,
      String repository,
      GitCredentials credentials,
      ProgressListener progress)
      throws GitOpsException {
    GitRemote remote = GitRemote.of(repository, credentials, settings.networkTimeout());
    Path local = remote.localPath();
    if (local != null) {
      if (!Files.isDirectory(local)) {
        remote.close();
        throw new InvalidInputException(
            "GitOps repository '" + local + "' does not exist; nothing was promoted there yet");
      }
      try {
        Path gitDir = Files.isDirectory(local.resolve(".git")) ? local.resolve(".git") : local;
        if (!Files.isDirectory(gitDir.resolve("objects"))) {
          throw new InvalidInputException("'" + local + "' is not a git repository");
        }
        return new BranchReader(remote, null, new FileRepository(gitDir.toFile()));
      } catch (IOException e) {
        remote.close();
        throw new GitOpsException("cannot open " + local + ": " + e.getMessage(), e);
      }
    }
    PromoterSettings own =
        settings.cacheDirectory() == null
            ? settings
            : settings.withCacheDirectory(settings.cacheDirectory().resolve("history"));
    WorkingRepository work = WorkingRepository.open(own, remote, progress);
    return new BranchReader(remote, work, work.repository());
  }

  /** The repository to read objects from. */
  public Repository repository() {
    return repository;
  }

  /** The remote for messages, without any password. */
  public String display() {
    return remote.display();
  }

  /**
   * The tip of {@code branch}, fetched with its whole history when the repository is remote.
   *
   * @return empty when the branch does not exist
   */
  public Optional<ObjectId> branch(String branch) throws GitOpsException {
    String ref = Constants.R_HEADS + branch;
    try {
      if (work == null) {
        Ref found = repository.exactRef(ref);
        return Optional.ofNullable(found == null ? null : found.getObjectId());
      }
      return Optional.ofNullable(work.locked(() -> fetch(ref)));
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot read "
              + branch
              + " of "
              + remote.display()
              + ": "
              + remote.redact(e.getMessage()),
          e);
    }
  }

  private ObjectId fetch(String ref) throws IOException {
    String tracking = "refs/remotes/origin/" + ref.substring(Constants.R_HEADS.length());
    try (Transport transport = remote.open(repository)) {
      Ref advertised;
      try (FetchConnection connection = transport.openFetch()) {
        advertised = connection.getRef(ref);
      }
      if (advertised == null) {
        return null;
      }
      ObjectId id = advertised.getObjectId();
      Ref known = repository.exactRef(tracking);
      if (known != null && known.getObjectId().equals(id)) {
        return id; // the cache is current
      }
      transport.fetch(
          NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + ref + ":" + tracking)));
      return id;
    } catch (TransportException e) {
      throw new IOException(remote.redact(e.getMessage()), e);
    }
  }

  /** Closes the repository and deletes a temporary copy. */
  @Override
  public void close() {
    if (work != null) {
      work.close();
    } else {
      repository.close();
    }
    remote.close();
  }
}
