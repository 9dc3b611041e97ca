package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes an app's rendered manifests into the GitOps repository: fetches the environment branch
 * (depth 1, or incrementally into the cache), rewrites the app's directory to equal the rendered
 * output, commits with traceability trailers and pushes without ever forcing the environment
 * branch. When the push is refused because the branch moved, the change is re-applied on the new
 * tip and pushed again, with full-jitter exponential backoff, until {@link
 * PromoterSettings#timeout()} (or the optional attempt cap). A failed promotion never leaves
 * anything on the remote.
 *
 * <p>Thread-safe. Direct-mode promotions of this JVM to the same branch go through one {@link
 * PromotionQueue} lane: one push at a time, and whatever queued meanwhile is pushed together, one
 * commit per promotion. Branch-mode promotions each push their own promotion branch.
 */
public final class Promoter {
  private static final String TOPIC = "repo";

  private final PromoterSettings settings;
  private final PromotionQueue queue;

  public Promoter(PromoterSettings settings) {
    this(settings, PromotionQueue.shared());
  }

  Promoter(PromoterSettings settings, PromotionQueue queue) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  /**
   * Promotes, returning what changed and the commit that holds the desired state.
   *
   * @throws InvalidInputException for a bad name, path, template, rendered directory or URL
   * @throws GitOpsException when the remote cannot be reached or refuses the change for good, or
   *     the branch kept moving until the timeout; the remote is left as it was
   */
  public PromotionResult promote(Promotion promotion, ProgressListener progress)
      throws GitOpsException {
    RetryClock clock = new RetryClock(settings.timeout(), settings.maxAttempts());
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
      if (promotion.mode() == PushMode.DIRECT) {
        QueuedPromotion queued =
            new QueuedPromotion(promotion, desired, target, message, progress, clock);
        PromotionQueue.Key key =
            new PromotionQueue.Key(remote.display(), promotion.branch(), promotion.credentials());
        return queue.submit(key, queued, new DirectBatch(settings, progress));
      }
      try (WorkingRepository work = WorkingRepository.open(settings, remote, progress)) {
        return new BranchRun(promotion, remote, work, desired, target, message, progress, clock)
            .promote();
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

  /**
   * Writes the promotion's commit of {@code tree} on {@code parent}, with its own identities,
   * signed with the promotion's own signer (promotions pushed together may each have their own
   * key). Every attempt calls this, so a change re-applied on a moved branch is signed too.
   */
  static ObjectId commit(
      ObjectInserter inserter, ObjectId tree, ObjectId parent, Promotion promotion, String message)
      throws IOException, InvalidInputException {
    CommitBuilder commit = new CommitBuilder();
    commit.setTreeId(tree);
    commit.setParentId(parent);
    PersonIdent author = new PersonIdent(promotion.author().name(), promotion.author().email());
    commit.setAuthor(author);
    commit.setCommitter(
        new PersonIdent(
            new PersonIdent(promotion.committer().name(), promotion.committer().email()),
            author.getWhenAsInstant()));
    commit.setMessage(message);
    promotion.signer().sign(commit);
    return inserter.insert(commit);
  }

  /**
   * What a promotion skipped as Secret-values-only says: a chart's random password rendered anew is
   * no change worth a commit or a pull request.
   */
  static String secretValuesOnlyMessage(Promotion promotion, ObjectId base, String branch) {
    return promotion.app()
        + " in "
        + promotion.environment()
        + ": only Secret values changed; nothing to promote ("
        + branch
        + " stays at "
        + base.name()
        + "; pass --promote-secret-only-changes to commit them, e.g. to rotate a password)";
  }

  /** One branch-mode promotion's attempts: its own promotion branch, pushed with a lease. */
  private final class BranchRun {
    private final Promotion promotion;
    private final GitRemote remote;
    private final Repository repo;
    private final BranchTransport transport;
    private final DesiredState desired;
    private final String target;
    private final String message;
    private final ProgressListener progress;
    private final RetryClock clock;
    private final String pushBranch;
    private Map<String, ObjectId> staged;

    BranchRun(
        Promotion promotion,
        GitRemote remote,
        WorkingRepository work,
        DesiredState desired,
        String target,
        String message,
        ProgressListener progress,
        RetryClock clock) {
      this.promotion = promotion;
      this.remote = remote;
      this.repo = work.repository();
      this.transport = new BranchTransport(remote, work, progress);
      this.desired = desired;
      this.target = target;
      this.message = message;
      this.progress = progress;
      this.clock = clock;
      this.pushBranch = promotionBranch(promotion.app(), promotion.environment());
    }

    PromotionResult promote() throws GitOpsException {
      String last = null;
      while (true) {
        if (clock.attempts() > 0) {
          if (!clock.mayTryAgain()) {
            throw new GitOpsException(
                "gave up promoting "
                    + promotion.app()
                    + " to "
                    + pushBranch
                    + " of "
                    + remote.display()
                    + " after "
                    + clock.summary()
                    + " (the last: "
                    + last
                    + "); nothing of this promotion was pushed; run it again, or allow a longer"
                    + " --timeout if the branch is this busy");
          }
          long wait =
              RetryClock.backoffMillis(
                  clock.attempts(), settings.initialBackoff(), settings.maxBackoff());
          progress.debug(TOPIC, "waiting " + wait + " ms before retrying");
          RetryClock.sleep(wait, clock.remainingNanos());
        }
        clock.attempted();
        ObjectId tip = transport.fetch(Constants.R_HEADS + promotion.branch(), true);
        ObjectId proposedTip = transport.fetch(Constants.R_HEADS + pushBranch, false);
        Candidate candidate = prepare(tip, proposedTip);
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
                + clock.attempts()
                + ")");
        BranchTransport.PushOutcome outcome =
            transport.push(
                candidate.commit(),
                pushBranch,
                true,
                proposedTip == null ? ObjectId.zeroId() : proposedTip);
        if (outcome.kind() == BranchTransport.PushOutcome.Kind.RETRY) {
          last = outcome.reason();
          progress.debug(TOPIC, "attempt " + clock.attempts() + ": " + last);
          progress.info(TOPIC, last + "; fetching the new tips to apply the change again");
          continue;
        }
        boolean changed = outcome.kind() == BranchTransport.PushOutcome.Kind.PUSHED;
        progress.info(
            TOPIC,
            changed
                ? "promoted "
                    + promotion.app()
                    + " to "
                    + promotion.environment()
                    + ": "
                    + pushBranch
                    + " is now at "
                    + candidate.commit().name()
                : pushBranch + " already holds the identical commit");
        return new PromotionResult(
            changed, candidate.commit().name(), pushBranch, candidate.changes(), candidate.diff());
      }
    }

    /** Either a finished result (nothing to push) or a commit to push. */
    private record Candidate(
        PromotionResult result, ObjectId commit, FileChanges changes, String diff) {}

    private Candidate prepare(ObjectId tip, ObjectId proposedTip) throws GitOpsException {
      try (ObjectInserter inserter = repo.newObjectInserter();
          ObjectReader reader = inserter.newReader();
          RevWalk walk = new RevWalk(reader)) {
        if (staged == null) {
          staged = TreeRewriter.stage(inserter, desired);
        }
        RevCommit base = walk.parseCommit(tip);
        TreeRewriter.Rewrite rewrite =
            TreeRewriter.rewrite(reader, inserter, base.getTree(), desired, staged);
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
        // Only a change is refused: a directory that already holds what this promotion writes is
        // its own earlier push (a retry, a lost reply), not another promotion to keep.
        TreeRewriter.checkExpected(
            reader, base.getTree(), target, promotion.branch(), promotion.expectedTree());
        if (!promotion.promoteSecretOnlyChanges() && rewrite.secretValuesOnly(reader, staged)) {
          inserter.flush();
          progress.info(TOPIC, secretValuesOnlyMessage(promotion, base, promotion.branch()));
          return new Candidate(
              new PromotionResult(
                  false, base.name(), promotion.branch(), FileChanges.none(), "", true),
              null,
              null,
              "");
        }
        String diff = UnifiedDiff.between(reader, base.getTree(), rewrite.tree());
        if (proposedTip != null) {
          // Parsed without the walk: a depth-1 fetch makes it shallow, which hides its parents.
          RevCommit proposed = RevCommit.parse(reader.open(proposedTip).getCachedBytes());
          if (proposed.getTree().equals(rewrite.tree())
              && proposed.getParentCount() == 1
              && proposed.getParent(0).equals(base)) {
            progress.info(
                TOPIC, pushBranch + " already proposes this change at " + proposed.name());
            return new Candidate(
                new PromotionResult(false, proposed.name(), pushBranch, rewrite.changes(), diff),
                null,
                null,
                null);
          }
        }
        ObjectId id = commit(inserter, rewrite.tree(), base, promotion, message);
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
        return new Candidate(null, id, changes, diff);
      } catch (IOException e) {
        throw new GitOpsException(
            "cannot build the promotion commit: " + remote.redact(e.getMessage()), e);
      }
    }
  }
}
