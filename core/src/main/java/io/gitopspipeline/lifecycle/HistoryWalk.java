package io.gitopspipeline.lifecycle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Walks the environment branch's first-parent history limited to one directory, newest first
 * ({@link PathChanges}). The first-parent line is what the branch went through: a pull request's
 * merge shows up as the merge commit (at the merge's time) carrying the trailers of the promotion
 * commit it brought in.
 */
final class HistoryWalk {
  /**
   * Commits are compared with their parents in batches (on several threads, see {@link
   * PathChanges}); batches grow so that a query for the newest few promotions reads little.
   */
  private static final int FIRST_BATCH = 64;

  private static final int MAX_BATCH = 1024;

  /** How far into a merged branch we look for the promotion commit it brought in. */
  private static final int MAX_MERGED_COMMITS = 200;

  /** One first-parent commit that changed the directory. */
  record Step(RevCommit commit, Optional<PromotionRecord> promotion) {}

  /** Receives steps; returns {@code false} to stop the walk. */
  interface Visitor {
    boolean visit(Step step) throws IOException;
  }

  private HistoryWalk() {}

  /**
   * Visits every first-parent commit from {@code tip} that changed {@code directory} (every commit
   * when it is empty); for each, the promotion of {@code app}/{@code env} it carries, if any.
   */
  static void walk(
      Repository repository,
      ObjectId tip,
      String directory,
      String app,
      String env,
      Visitor visitor)
      throws IOException {
    walk(repository, tip, null, directory, app, env, visitor);
  }

  /** As above, stopping at {@code since} (exclusive) when it is not null. */
  static void walk(
      Repository repository,
      ObjectId tip,
      ObjectId since,
      String directory,
      String app,
      String env,
      Visitor visitor)
      throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      walk.setFirstParent(true);
      // Most commits only need their tree and parent; the few that changed the directory get their
      // message (trailers) parsed again below.
      walk.setRetainBody(directory.isEmpty());
      walk.markStart(walk.parseCommit(tip));
      if (since != null) {
        walk.markUninteresting(walk.parseCommit(since));
      }
      PathChanges changes = directory.isEmpty() ? null : new PathChanges(repository, directory);
      Iterator<RevCommit> commits = walk.iterator();
      List<RevCommit> batch = new ArrayList<>();
      for (int size = FIRST_BATCH; commits.hasNext(); size = Math.min(MAX_BATCH, size * 2)) {
        batch.clear();
        while (batch.size() < size && commits.hasNext()) {
          RevCommit commit = commits.next();
          if (commit.getParentCount() > 0) {
            walk.parseHeaders(commit.getParent(0));
          }
          batch.add(commit);
        }
        boolean[] changed = changes == null ? null : changes.changed(batch);
        for (int i = 0; i < batch.size(); i++) {
          if (changed != null && !changed[i]) {
            continue;
          }
          RevCommit commit = batch.get(i);
          walk.parseBody(commit);
          Optional<PromotionRecord> promotion = promotion(repository, walk, commit, app, env);
          if (!visitor.visit(new Step(commit, promotion))) {
            return;
          }
        }
      }
    }
  }

  /** The promotions of the query, newest first, at most {@code limit}. */
  static List<PromotionRecord> promotions(
      Repository repository, ObjectId tip, String directory, String app, String env, int limit)
      throws IOException {
    List<PromotionRecord> records = new ArrayList<>();
    walk(
        repository,
        tip,
        directory,
        app,
        env,
        step -> {
          step.promotion().ifPresent(records::add);
          return records.size() < limit;
        });
    return records;
  }

  private static Optional<PromotionRecord> promotion(
      Repository repository, RevWalk walk, RevCommit commit, String app, String env)
      throws IOException {
    Optional<Trailers> own = Trailers.of(commit);
    if (own.isPresent()) {
      return own.filter(t -> t.names(app, env))
          .map(
              t ->
                  PromotionRecord.of(
                      commit.name(), commit.name(), time(commit), t, Arrival.DIRECT));
    }
    if (commit.getParentCount() < 2) {
      return Optional.empty();
    }
    // A merge without trailers of its own: the newest promotion commit of the merged side.
    try (RevWalk merged = new RevWalk(repository)) {
      merged.setFirstParent(true);
      merged.markStart(merged.parseCommit(commit.getParent(1)));
      merged.markUninteresting(merged.parseCommit(commit.getParent(0)));
      int seen = 0;
      for (RevCommit candidate : merged) {
        Optional<Trailers> trailers = Trailers.of(candidate);
        if (trailers.isPresent()) {
          Trailers t = trailers.get();
          return t.names(app, env)
              ? Optional.of(
                  PromotionRecord.of(
                      commit.name(), candidate.name(), time(commit), t, Arrival.PULL_REQUEST))
              : Optional.empty();
        }
        if (++seen >= MAX_MERGED_COMMITS) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the commit is a promotion of any app (its own trailers, or a merged one's). */
  static boolean isPromotion(Repository repository, RevCommit commit) throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      return promotion(repository, walk, walk.parseCommit(commit), null, null).isPresent();
    }
  }

  static java.time.Instant time(RevCommit commit) {
    return commit.getCommitterIdent().getWhenAsInstant();
  }
}
