package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Fetching one branch into the working repository and pushing one commit to it, with the outcome of
 * a push sorted into landed, already there, worth another attempt (the branch moved, or the
 * connection broke without changing it) or refused for good (which throws).
 */
final class BranchTransport {
  private static final String TOPIC = "repo";

  private final GitRemote remote;
  private final WorkingRepository work;
  private final Repository repo;
  private final ProgressListener progress;

  BranchTransport(GitRemote remote, WorkingRepository work, ProgressListener progress) {
    this.remote = remote;
    this.work = work;
    this.repo = work.repository();
    this.progress = progress;
  }

  /** How a push ended, unless it was refused for good. */
  record PushOutcome(Kind kind, String reason) {
    enum Kind {
      PUSHED,
      /** The remote already had this very commit: an identical run pushed it. */
      ALREADY_THERE,
      /** The branch moved or the connection broke without changing it: try again. */
      RETRY
    }

    static final PushOutcome PUSHED = new PushOutcome(Kind.PUSHED, null);
    static final PushOutcome ALREADY_THERE = new PushOutcome(Kind.ALREADY_THERE, null);

    static PushOutcome retry(String reason) {
      return new PushOutcome(Kind.RETRY, reason);
    }
  }

  /**
   * Fetches one branch and returns its tip, or null when absent and not {@code required}. The first
   * fetch is depth 1; later ones (a retry, or a warm cache) ask only for the commits we lack, and a
   * tip we already hold (our own last push) is not fetched at all.
   */
  ObjectId fetch(String ref, boolean required) throws GitOpsException {
    try {
      return work.locked(() -> fetchLocked(ref, required));
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot fetch from " + remote.display() + ": " + remote.redact(e.getMessage()), e);
    }
  }

  private ObjectId fetchLocked(String ref, boolean required) throws IOException, GitOpsException {
    String name = ref.substring(Constants.R_HEADS.length());
    String tracking = "refs/remotes/origin/" + name;
    try (Transport transport = remote.open(repo)) {
      Ref advertised;
      try (FetchConnection connection = transport.openFetch()) {
        advertised = connection.getRef(ref);
      }
      if (advertised == null) {
        if (required) {
          throw new GitOpsException(
              "branch "
                  + name
                  + " does not exist in "
                  + remote.display()
                  + "; create it first, or promote into a new local path to start a repository");
        }
        return null;
      }
      ObjectId id = advertised.getObjectId();
      if (repo.getObjectDatabase().has(id)) {
        return id; // nothing new (e.g. the cache is current, or our last push)
      }
      if (repo.exactRef(tracking) == null) {
        transport.setDepth(1);
      }
      FetchResult result =
          transport.fetch(
              NullProgressMonitor.INSTANCE, List.of(new RefSpec("+" + ref + ":" + tracking)));
      Ref fetched = result.getAdvertisedRef(ref);
      progress.debug(
          TOPIC,
          "fetched " + ref + " at " + fetched.getObjectId().abbreviate(7).name() + " into work");
      return fetched.getObjectId();
    } catch (TransportException e) {
      throw new GitOpsException(
          "cannot fetch "
              + ref
              + " from "
              + remote.display()
              + ": "
              + remote.redact(e.getMessage())
              + hint(e.getMessage()),
          e);
    }
  }

  /**
   * Pushes {@code commit} to {@code branch}, expecting the remote at {@code expected} (the zero id
   * for a new branch); {@code force} only for a promotion branch, and then only from that tip
   * (force-with-lease). Throws when the remote refuses the change for good.
   */
  PushOutcome push(ObjectId commit, String branch, boolean force, ObjectId expected)
      throws GitOpsException {
    String remoteRef = Constants.R_HEADS + branch;
    PushResult result;
    try (Transport transport = remote.open(repo)) {
      RemoteRefUpdate update =
          new RemoteRefUpdate(repo, null, commit, remoteRef, force, null, expected);
      result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
    } catch (TransportException e) {
      return afterBrokenPush(commit, branch, e);
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot push to " + remote.display() + ": " + remote.redact(e.getMessage()), e);
    }
    RemoteRefUpdate outcome = result.getRemoteUpdate(remoteRef);
    RemoteRefUpdate.Status status = outcome.getStatus();
    String serverMessage = remote.redact(outcome.getMessage());
    switch (status) {
      case OK -> {
        return PushOutcome.PUSHED;
      }
      case UP_TO_DATE -> {
        // another run pushed the very same commit (same content, parent, identity and second)
        return PushOutcome.ALREADY_THERE;
      }
      default -> {
        String messages = remote.redact(result.getMessages()).strip();
        if (PushRejections.branchMoved(status, serverMessage, messages)) {
          return PushOutcome.retry(
              branch + " moved on the remote (" + describe(status, serverMessage) + ")");
        }
        if (status == RemoteRefUpdate.Status.AWAITING_REPORT) {
          return afterBrokenPush(
              commit, branch, new TransportException("the server sent no report about the update"));
        }
        throw new GitOpsException(
            "the server refused to update "
                + branch
                + " of "
                + remote.display()
                + ": "
                + describe(status, serverMessage)
                + (messages.isEmpty() ? "" : " (server said: " + messages + ")")
                + PushRejections.advice(serverMessage + "\n" + messages)
                + "; the remote is unchanged and the push was not retried");
      }
    }
  }

  /**
   * The connection failed during the push, so the outcome is unknown: ask the remote. If it holds
   * our commit the push succeeded; if not, nothing changed and another attempt may work.
   */
  private PushOutcome afterBrokenPush(ObjectId commit, String branch, TransportException e)
      throws GitOpsException {
    String reason = remote.redact(e.getMessage());
    if (PushRejections.permanentTransportFailure(e.getMessage())) {
      throw new GitOpsException(
          "cannot push to "
              + remote.display()
              + ": "
              + reason
              + hint(e.getMessage())
              + "; the remote is unchanged and the push was not retried",
          e);
    }
    ObjectId now;
    try (Transport transport = remote.open(repo);
        FetchConnection connection = transport.openFetch()) {
      Ref ref = connection.getRef(Constants.R_HEADS + branch);
      now = ref == null ? null : ref.getObjectId();
    } catch (IOException verify) {
      throw new GitOpsException(
          "the push to "
              + branch
              + " of "
              + remote.display()
              + " failed ("
              + reason
              + ") and the remote could not be asked whether it took the commit ("
              + remote.redact(verify.getMessage())
              + "); check whether "
              + branch
              + " is at "
              + commit.name(),
          e);
    }
    if (commit.equals(now)) {
      progress.info(TOPIC, "the connection broke after the remote took the push: " + reason);
      return PushOutcome.PUSHED;
    }
    return PushOutcome.retry("the push failed (" + reason + ") and left " + branch + " unchanged");
  }

  private static String describe(RemoteRefUpdate.Status status, String message) {
    String name = status.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  static String hint(String message) {
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (lower.contains("not authorized") || lower.contains("authentication")) {
      return "; check the credentials (user name with password or token for HTTPS, the private"
          + " key for SSH)";
    }
    if (lower.contains("host key")
        || lower.contains("server key")
        || lower.contains("known_hosts")) {
      return "; check the server's key in the known_hosts file, or accept a host seen for the"
          + " first time (--accept-new-host-keys)";
    }
    return "";
  }
}
