package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Writes an app's rendered manifests into the GitOps repository: fetches the environment branch
 * (depth 1, or incrementally into the cache), rewrites the app's directory to equal the rendered
 * output, commits with traceability trailers and pushes without ever forcing the environment
 * branch. When the push is refused because the branch moved, the change is re-applied on the new
 * tip and pushed again, with jittered exponential backoff, up to {@link
 * PromoterSettings#maxAttempts()} times. A failed promotion never leaves anything on the remote.
 *
 * <p>Thread-safe: concurrent promotions each use their own working repository (or take turns on the
 * cache's lock).
 */
public final class Promoter {
  private static final String TOPIC = "repo";

  private final PromoterSettings settings;

  public Promoter(PromoterSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Promotes, returning what changed and the commit that holds the desired state.
   *
   * @throws InvalidInputException for a bad name, path, template, rendered directory or URL
   * @throws GitOpsException when the remote cannot be reached or refuses the change for good, or
   *     the branch kept moving for every attempt; the remote is left as it was
   */
  public PromotionResult promote(Promotion promotion, ProgressListener progress)
      throws GitOpsException {
    RepoPaths.name("app", promotion.app());
    RepoPaths.name("environment", promotion.environment());
    checkBranch("branch", promotion.branch());
    // A key that may not sign for this committer fails before anything is fetched or pushed.
    promotion.signer().checkCommitter(promotion.committer().email());
    String target =
        RepoPaths.render(
            "path template", promotion.pathTemplate(), promotion.app(), promotion.environment());
    DesiredState desired = DesiredState.read(promotion, target);
    String message = CommitMessage.build(promotion);

    try (GitRemote remote =
        GitRemote.of(promotion.repository(), promotion.credentials(), settings.networkTimeout())) {
      Path local = remote.localPath();
      if (local != null && !Files.exists(local)) {
        ObjectId initial =
            EmbeddedRepository.create(
                local, promotion.branch(), promotion.committer(), promotion.signer());
        progress.info(
            TOPIC,
            "created the GitOps repository "
                + local
                + " with branch "
                + promotion.branch()
                + " at "
                + initial.abbreviate(7).name());
      }
      try (WorkingRepository work = WorkingRepository.open(settings, remote, progress)) {
        return new Run(promotion, remote, work, desired, target, message, progress).promote();
      }
    }
  }

  /** The promotion branch for {@link PushMode#BRANCH}: {@code gitops/<env>/<app>}. */
  public static String promotionBranch(String app, String environment) {
    return "gitops/" + environment + "/" + app;
  }

  private static void checkBranch(String what, String branch) throws InvalidInputException {
    if (branch == null || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new InvalidInputException(
          what + " '" + branch + "' is not a valid git branch name (e.g. main or env/dev)");
    }
  }

  /** One promotion's attempts. */
  private final class Run {
    private final Promotion promotion;
    private final GitRemote remote;
    private final WorkingRepository work;
    private final Repository repo;
    private final DesiredState desired;
    private final String target;
    private final String message;
    private final ProgressListener progress;
    private final String branchRef;
    private final String pushBranch;

    Run(
        Promotion promotion,
        GitRemote remote,
        WorkingRepository work,
        DesiredState desired,
        String target,
        String message,
        ProgressListener progress) {
      this.promotion = promotion;
      this.remote = remote;
      this.work = work;
      this.repo = work.repository();
      this.desired = desired;
      this.target = target;
      this.message = message;
      this.progress = progress;
      this.branchRef = Constants.R_HEADS + promotion.branch();
      this.pushBranch =
          promotion.mode() == PushMode.BRANCH
              ? promotionBranch(promotion.app(), promotion.environment())
              : promotion.branch();
    }

    PromotionResult promote() throws GitOpsException {
      List<String> failures = new ArrayList<>();
      for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
        if (attempt > 1) {
          backoff(attempt);
        }
        Tips tips = fetch();
        Candidate candidate = prepare(tips);
        if (candidate.result() != null) {
          return candidate.result();
        }
        progress.info(
            TOPIC,
            "pushing "
                + candidate.commit().abbreviate(7).name()
                + " to "
                + pushBranch
                + " (attempt "
                + attempt
                + " of "
                + settings.maxAttempts()
                + ")");
        PushOutcome outcome = push(candidate, tips);
        if (outcome.kind() == PushOutcome.Kind.ALREADY_THERE) {
          progress.info(TOPIC, pushBranch + " already holds the identical commit");
          return new PromotionResult(
              false, candidate.commit().name(), pushBranch, candidate.changes(), candidate.diff());
        }
        if (outcome.kind() == PushOutcome.Kind.PUSHED) {
          progress.info(
              TOPIC,
              "promoted "
                  + promotion.app()
                  + " to "
                  + promotion.environment()
                  + ": "
                  + pushBranch
                  + " is now at "
                  + candidate.commit().name());
          return new PromotionResult(
              true, candidate.commit().name(), pushBranch, candidate.changes(), candidate.diff());
        }
        String failure = outcome.reason();
        failures.add(failure);
        progress.info(TOPIC, failure + "; fetching the new tip to apply the change again");
      }
      throw new GitOpsException(
          "gave up promoting "
              + promotion.app()
              + " to "
              + pushBranch
              + " of "
              + remote.display()
              + " after "
              + settings.maxAttempts()
              + " attempts (the last: "
              + failures.get(failures.size() - 1)
              + "); nothing of this promotion was pushed; run it again, or allow more"
              + " attempts if the branch is this busy");
    }

    /** The remote tips this attempt builds on. */
    private record Tips(ObjectId branch, ObjectId promotionBranch) {}

    /** How a push ended, unless it failed for good (which throws). */
    private record PushOutcome(Kind kind, String reason) {
      enum Kind {
        PUSHED,
        /** The remote already had this very commit: an identical run pushed it. */
        ALREADY_THERE,
        /** The branch moved or the connection broke without changing it: try again. */
        RETRY
      }

      static final PushOutcome PUSHED = new PushOutcome(Kind.PUSHED, null);

      static PushOutcome retry(String reason) {
        return new PushOutcome(Kind.RETRY, reason);
      }
    }

    /** Either a finished result (nothing to push) or a commit to push. */
    private record Candidate(
        PromotionResult result, ObjectId commit, FileChanges changes, String diff) {}

    private Tips fetch() throws GitOpsException {
      try {
        return work.locked(
            () -> {
              ObjectId tip = fetchRef(branchRef, true);
              ObjectId promotionTip = null;
              if (promotion.mode() == PushMode.BRANCH) {
                promotionTip = fetchRef(Constants.R_HEADS + pushBranch, false);
              }
              return new Tips(tip, promotionTip);
            });
      } catch (IOException e) {
        throw new GitOpsException(
            "cannot fetch from " + remote.display() + ": " + remote.redact(e.getMessage()), e);
      }
    }

    /** Fetches one branch (depth 1 the first time) and returns its tip, or null when absent. */
    private ObjectId fetchRef(String ref, boolean required) throws IOException, GitOpsException {
      String tracking = "refs/remotes/origin/" + ref.substring(Constants.R_HEADS.length());
      try (Transport transport = remote.open(repo)) {
        Ref advertised;
        try (FetchConnection connection = transport.openFetch()) {
          advertised = connection.getRef(ref);
        }
        if (advertised == null) {
          if (required) {
            throw new GitOpsException(
                "branch "
                    + ref.substring(Constants.R_HEADS.length())
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

    private Candidate prepare(Tips tips) throws GitOpsException {
      try (ObjectInserter inserter = repo.newObjectInserter();
          ObjectReader reader = inserter.newReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit base = walk.parseCommit(tips.branch());
        TreeRewriter.Rewrite rewrite =
            TreeRewriter.rewrite(reader, inserter, base.getTree(), desired);
        if (rewrite.tree().equals(base.getTree())) {
          inserter.flush();
          progress.info(
              TOPIC,
              promotion.app()
                  + " in "
                  + promotion.environment()
                  + " is already up to date at "
                  + base.name()
                  + " on "
                  + promotion.branch());
          return new Candidate(
              new PromotionResult(false, base.name(), promotion.branch(), FileChanges.none()),
              null,
              null,
              "");
        }
        if (tips.promotionBranch() != null) {
          // Parsed without the walk: a depth-1 fetch makes it shallow, which hides its parents.
          RevCommit proposed =
              RevCommit.parse(reader.open(tips.promotionBranch()).getCachedBytes());
          if (proposed.getTree().equals(rewrite.tree())
              && proposed.getParentCount() == 1
              && proposed.getParent(0).equals(base)) {
            progress.info(
                TOPIC, pushBranch + " already proposes this change at " + proposed.name());
            return new Candidate(
                new PromotionResult(
                    false,
                    proposed.name(),
                    pushBranch,
                    rewrite.changes(),
                    UnifiedDiff.between(reader, base.getTree(), rewrite.tree())),
                null,
                null,
                null);
          }
        }
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(rewrite.tree());
        commit.setParentId(base);
        PersonIdent author = new PersonIdent(promotion.author().name(), promotion.author().email());
        commit.setAuthor(author);
        commit.setCommitter(
            new PersonIdent(
                new PersonIdent(promotion.committer().name(), promotion.committer().email()),
                author.getWhenAsInstant()));
        commit.setMessage(message);
        // Signed on every attempt: a re-applied commit is a new commit on another parent.
        promotion.signer().sign(commit);
        ObjectId id = inserter.insert(commit);
        inserter.flush();
        FileChanges changes = rewrite.changes();
        progress.info(
            TOPIC,
            "committed "
                + id.abbreviate(7).name()
                + " on "
                + base.abbreviate(7).name()
                + ": "
                + changes.added().size()
                + " added, "
                + changes.modified().size()
                + " modified, "
                + changes.removed().size()
                + " removed under "
                + target);
        return new Candidate(
            null, id, changes, UnifiedDiff.between(reader, base.getTree(), rewrite.tree()));
      } catch (IOException e) {
        throw new GitOpsException(
            "cannot build the promotion commit: " + remote.redact(e.getMessage()), e);
      }
    }

    /** Pushes the candidate; throws when the remote refuses it for good. */
    private PushOutcome push(Candidate candidate, Tips tips) throws GitOpsException {
      boolean branchMode = promotion.mode() == PushMode.BRANCH;
      ObjectId expected =
          branchMode
              ? (tips.promotionBranch() == null ? ObjectId.zeroId() : tips.promotionBranch())
              : tips.branch();
      String remoteRef = Constants.R_HEADS + pushBranch;
      RemoteRefUpdate update;
      PushResult result;
      try (Transport transport = remote.open(repo)) {
        // Force only the promotion branch, and only from the tip we saw (force-with-lease).
        update =
            new RemoteRefUpdate(
                repo, null, candidate.commit(), remoteRef, branchMode, null, expected);
        result = transport.push(NullProgressMonitor.INSTANCE, List.of(update));
      } catch (TransportException e) {
        return afterBrokenPush(candidate, remoteRef, e);
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
          return new PushOutcome(PushOutcome.Kind.ALREADY_THERE, null);
        }
        default -> {
          if (PushRejections.branchMoved(status, serverMessage)) {
            return PushOutcome.retry(
                pushBranch + " moved on the remote (" + describe(status, serverMessage) + ")");
          }
          if (status == RemoteRefUpdate.Status.AWAITING_REPORT) {
            return afterBrokenPush(
                candidate,
                remoteRef,
                new TransportException("the server sent no report about the update"));
          }
          String messages = remote.redact(result.getMessages()).strip();
          throw new GitOpsException(
              "the server refused to update "
                  + pushBranch
                  + " of "
                  + remote.display()
                  + ": "
                  + describe(status, serverMessage)
                  + (messages.isEmpty() ? "" : " (server said: " + messages + ")")
                  + "; the remote is unchanged");
        }
      }
    }

    /**
     * The connection failed during the push, so the outcome is unknown: ask the remote. If it holds
     * our commit the push succeeded; if not, nothing changed and another attempt may work.
     */
    private PushOutcome afterBrokenPush(Candidate candidate, String remoteRef, TransportException e)
        throws GitOpsException {
      String reason = remote.redact(e.getMessage());
      ObjectId now;
      try (Transport transport = remote.open(repo);
          FetchConnection connection = transport.openFetch()) {
        Ref ref = connection.getRef(remoteRef);
        now = ref == null ? null : ref.getObjectId();
      } catch (IOException verify) {
        throw new GitOpsException(
            "the push to "
                + pushBranch
                + " of "
                + remote.display()
                + " failed ("
                + reason
                + ") and the remote could not be asked whether it took the commit ("
                + remote.redact(verify.getMessage())
                + "); check whether "
                + pushBranch
                + " is at "
                + candidate.commit().name(),
            e);
      }
      if (candidate.commit().equals(now)) {
        progress.info(TOPIC, "the connection broke after the remote took the push: " + reason);
        return PushOutcome.PUSHED;
      }
      if (PushRejections.permanentTransportFailure(e.getMessage())) {
        throw new GitOpsException(
            "cannot push to "
                + remote.display()
                + ": "
                + reason
                + hint(e.getMessage())
                + "; the remote is unchanged",
            e);
      }
      return PushOutcome.retry(
          "the push failed (" + reason + ") and left " + pushBranch + " unchanged");
    }

    private void backoff(int attempt) throws GitOpsException {
      long base = settings.initialBackoff().toMillis() << Math.min(20, attempt - 2);
      long cap = Math.min(settings.maxBackoff().toMillis(), base);
      long delay = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
      progress.debug(
          TOPIC, "waiting " + Duration.ofMillis(delay).toMillis() + " ms before retrying");
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GitOpsException(
            "interrupted while waiting to retry the push; nothing was pushed");
      }
    }
  }

  private static String describe(RemoteRefUpdate.Status status, String message) {
    String name = status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  private static String hint(String message) {
    String lower = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
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
