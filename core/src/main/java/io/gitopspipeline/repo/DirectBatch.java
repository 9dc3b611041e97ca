package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Pushes a batch of direct-mode promotions of one branch: fetches the tip, applies each promotion
 * as its own commit on top of the previous one (each with its own message and trailers), and pushes
 * the last commit once, never forced. When the branch moved, the batch fetches only the new commits
 * and re-applies the staged trees on the new tip, after a full-jitter backoff, until each
 * promotion's own deadline or attempt cap. A promotion that cannot be applied (bad input) fails
 * alone; a refusal for good fails the whole batch at once.
 */
final class DirectBatch implements PromotionQueue.BatchPusher {
  private static final String TOPIC = "repo";

  private final PromoterSettings settings;
  private final ProgressListener leader;

  DirectBatch(PromoterSettings settings, ProgressListener leader) {
    this.settings = settings;
    this.leader = leader;
  }

  @Override
  public void push(List<QueuedPromotion> batch) {
    Promotion first = batch.get(0).promotion();
    try (GitRemote remote =
            GitRemote.of(first.repository(), first.credentials(), settings.networkTimeout());
        WorkingRepository work = WorkingRepository.open(settings, remote, leader)) {
      new Attempts(batch, remote, work).run();
    } catch (GitOpsException e) {
      batch.forEach(p -> p.fail(e));
    }
  }

  /** The attempts of one batch in one working repository. */
  private final class Attempts {
    private final List<QueuedPromotion> batch;
    private final GitRemote remote;
    private final WorkingRepository work;
    private final Repository repo;
    private final BranchTransport transport;
    private final String branch;

    Attempts(List<QueuedPromotion> batch, GitRemote remote, WorkingRepository work) {
      this.batch = batch;
      this.remote = remote;
      this.work = work;
      this.repo = work.repository();
      this.transport = new BranchTransport(remote, work, leader);
      this.branch = batch.get(0).promotion().branch();
    }

    /** One promotion's commit in this attempt, or null when it changes nothing. */
    private record Applied(
        QueuedPromotion promotion,
        ObjectId commit,
        ObjectId base,
        FileChanges changes,
        String diff,
        boolean secretValuesOnly) {}

    void run() throws GitOpsException {
      int attempt = 0;
      while (true) {
        List<QueuedPromotion> active = new ArrayList<>();
        for (QueuedPromotion promotion : batch) {
          if (promotion.done()) {
            continue;
          }
          if (attempt > 0 && !promotion.clock().mayTryAgain()) {
            promotion.fail(gaveUp(promotion));
            continue;
          }
          active.add(promotion);
        }
        if (active.isEmpty()) {
          return;
        }
        attempt++;
        if (attempt > 1) {
          long remaining = Long.MAX_VALUE;
          for (QueuedPromotion promotion : active) {
            remaining = Math.min(remaining, promotion.clock().remainingNanos());
          }
          long wait =
              RetryClock.backoffMillis(
                  attempt - 1, settings.initialBackoff(), settings.maxBackoff());
          leader.debug(TOPIC, "waiting " + wait + " ms before attempt " + attempt);
          RetryClock.sleep(wait, remaining);
        }
        if (once(active, attempt)) {
          return;
        }
      }
    }

    /**
     * One attempt, in this branch's push turn (processes sharing the cache directory take turns);
     * true when every promotion of it is done.
     */
    private boolean once(List<QueuedPromotion> active, int attempt) throws GitOpsException {
      long remaining = Long.MAX_VALUE;
      for (QueuedPromotion promotion : active) {
        remaining = Math.min(remaining, promotion.clock().remainingNanos());
      }
      long waiting = System.nanoTime();
      try {
        return work.pushTurn(
            branch,
            Duration.ofNanos(Math.max(0, remaining)),
            () -> {
              long waited = (System.nanoTime() - waiting) / 1_000_000;
              if (waited >= 100) {
                leader.debug(TOPIC, "waited " + waited + " ms for the push turn of " + branch);
              }
              return attemptInTurn(active, attempt);
            });
      } catch (GitOpsException e) {
        active.forEach(p -> p.fail(e));
        return true;
      } catch (IOException e) {
        GitOpsException failure =
            new GitOpsException("cannot take the push turn for " + branch + ": " + e, e);
        active.forEach(p -> p.fail(failure));
        return true;
      }
    }

    private boolean attemptInTurn(List<QueuedPromotion> active, int attempt)
        throws GitOpsException {
      long start = System.nanoTime();
      active.forEach(p -> p.clock().attempted());
      ObjectId tip;
      try {
        tip = transport.fetch(Constants.R_HEADS + branch, true);
      } catch (GitOpsException e) {
        active.forEach(p -> p.fail(e));
        return true;
      }
      long fetched = System.nanoTime();
      List<Applied> applied = apply(active, tip);
      long built = System.nanoTime();
      ObjectId last = tip;
      int commits = 0;
      for (Applied a : applied) {
        if (a.commit() != null) {
          last = a.commit();
          commits++;
        }
      }
      if (commits == 0) {
        applied.forEach(a -> a.promotion().succeed(upToDate(a)));
        return true;
      }
      String what =
          commits == 1 ? last.abbreviate(7).name() : commits + " commits up to " + last.name();
      for (Applied a : applied) {
        a.promotion()
            .progress()
            .info(
                TOPIC,
                "pushing "
                    + what
                    + " to "
                    + branch
                    + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
      }
      BranchTransport.PushOutcome outcome;
      try {
        outcome = transport.push(last, branch, false, tip);
      } catch (GitOpsException e) {
        // refused for good: every promotion of the batch learns it now, none is retried
        applied.forEach(a -> a.promotion().fail(e));
        return true;
      }
      long pushed = System.nanoTime();
      String timing =
          String.format(
              Locale.ROOT,
              "attempt %d took %d ms (fetch %d ms, apply %d ms, push %d ms; %d commit%s)",
              attempt,
              (pushed - start) / 1_000_000,
              (fetched - start) / 1_000_000,
              (built - fetched) / 1_000_000,
              (pushed - built) / 1_000_000,
              commits,
              commits == 1 ? "" : "s");
      leader.debug(TOPIC, timing);
      switch (outcome.kind()) {
        case PUSHED, ALREADY_THERE -> {
          boolean changed = outcome.kind() == BranchTransport.PushOutcome.Kind.PUSHED;
          if (!changed) {
            leader.info(TOPIC, branch + " already holds the identical commit");
          }
          for (Applied a : applied) {
            if (a.commit() == null) {
              a.promotion().succeed(upToDate(a));
              continue;
            }
            Promotion p = a.promotion().promotion();
            a.promotion()
                .progress()
                .info(
                    TOPIC,
                    "promoted "
                        + p.app()
                        + " to "
                        + p.environment()
                        + ": "
                        + branch
                        + " is now at "
                        + a.commit().name()
                        + (commits > 1 ? " (pushed with " + (commits - 1) + " more)" : "")
                        + (attempt > 1 ? " after " + a.promotion().clock().summary() : ""));
            a.promotion()
                .succeed(
                    new PromotionResult(changed, a.commit().name(), branch, a.changes(), a.diff()));
          }
          return true;
        }
        default -> {
          for (Applied a : applied) {
            a.promotion().failedAttempt(outcome.reason());
            a.promotion()
                .progress()
                .debug(TOPIC, "attempt " + attempt + ": " + outcome.reason() + "; " + timing);
          }
          leader.info(TOPIC, outcome.reason() + "; fetching the new tip to apply the change again");
          return false;
        }
      }
    }

    /** Applies each promotion on the previous one's commit; a bad one fails alone. */
    private List<Applied> apply(List<QueuedPromotion> active, ObjectId tip) throws GitOpsException {
      List<Applied> applied = new ArrayList<>();
      try (ObjectInserter inserter = repo.newObjectInserter();
          ObjectReader reader = inserter.newReader();
          RevWalk walk = new RevWalk(reader)) {
        RevCommit base = walk.parseCommit(tip);
        ObjectId parent = base;
        ObjectId parentTree = base.getTree();
        for (QueuedPromotion promotion : active) {
          try {
            Map<String, ObjectId> staged = promotion.stagedIn(repo);
            if (staged == null) {
              staged = TreeRewriter.stage(inserter, promotion.desired());
              promotion.staged(repo, staged);
            }
            TreeRewriter.Rewrite rewrite =
                TreeRewriter.rewrite(reader, inserter, parentTree, promotion.desired(), staged);
            if (rewrite.tree().equals(parentTree)) {
              applied.add(new Applied(promotion, null, parent, FileChanges.none(), "", false));
              continue;
            }
            // Only a change is refused: a directory that already holds what this promotion writes
            // is its own earlier push (a retry, a lost reply), not another promotion to keep.
            TreeRewriter.checkExpected(
                reader,
                parentTree,
                promotion.target(),
                branch,
                promotion.promotion().expectedTree());
            if (!promotion.promotion().promoteSecretOnlyChanges()
                && rewrite.secretValuesOnly(reader, staged)) {
              applied.add(new Applied(promotion, null, parent, FileChanges.none(), "", true));
              continue;
            }
            ObjectId commit =
                Promoter.commit(
                    inserter, rewrite.tree(), parent, promotion.promotion(), promotion.message());
            FileChanges changes = rewrite.changes();
            promotion
                .progress()
                .info(
                    TOPIC,
                    "committed "
                        + commit.abbreviate(7).name()
                        + " on "
                        + parent.abbreviate(7).name()
                        + ": "
                        + changes.added().size()
                        + " added, "
                        + changes.modified().size()
                        + " modified, "
                        + changes.removed().size()
                        + " removed under "
                        + promotion.target());
            applied.add(
                new Applied(
                    promotion,
                    commit,
                    parent,
                    changes,
                    UnifiedDiff.between(reader, parentTree, rewrite.tree()),
                    false));
            parent = commit;
            parentTree = rewrite.tree();
          } catch (InvalidInputException | DirectoryMovedException e) {
            promotion.fail(e);
          } catch (IOException e) {
            promotion.fail(
                new GitOpsException(
                    "cannot build the promotion commit of "
                        + promotion.promotion().app()
                        + ": "
                        + remote.redact(e.getMessage()),
                    e));
          }
        }
        inserter.flush();
      } catch (IOException e) {
        throw new GitOpsException(
            "cannot read the tip of " + branch + ": " + remote.redact(e.getMessage()), e);
      }
      return applied;
    }

    private PromotionResult upToDate(Applied a) {
      Promotion p = a.promotion().promotion();
      if (a.secretValuesOnly()) {
        a.promotion().progress().info(TOPIC, Promoter.secretValuesOnlyMessage(p, a.base(), branch));
        return new PromotionResult(false, a.base().name(), branch, FileChanges.none(), "", true);
      }
      a.promotion()
          .progress()
          .info(
              TOPIC,
              p.app()
                  + " in "
                  + p.environment()
                  + " is already up to date at "
                  + a.base().name()
                  + " on "
                  + branch);
      return new PromotionResult(false, a.base().name(), branch, FileChanges.none());
    }

    private GitOpsException gaveUp(QueuedPromotion promotion) {
      return new GitOpsException(
          "gave up promoting "
              + promotion.promotion().app()
              + " to "
              + branch
              + " of "
              + remote.display()
              + " after "
              + promotion.clock().summary()
              + " (the last: "
              + promotion.lastFailure()
              + "); nothing of this promotion was pushed; run it again, or allow a longer"
              + " --timeout if the branch is this busy");
    }
  }
}
