package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.BranchReader;
import io.gitopspipeline.repo.PromoterSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Reads the promotions recorded on an environment branch: the history of an app's environments and,
 * per app and environment, what runs there now. Reads only the commits that touch the apps' paths;
 * local repositories are read in place, remote ones fetched (see {@link BranchReader}).
 */
public final class PromotionHistory {
  private static final String TOPIC = "history";

  private final PromoterSettings settings;

  public PromotionHistory(PromoterSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The promotions matching the query, newest first.
   *
   * @throws InvalidInputException for a bad name, branch, template, limit or repository
   * @throws GitOpsException when the repository cannot be read or the branch does not exist
   */
  public List<PromotionRecord> history(HistoryQuery query, ProgressListener progress)
      throws GitOpsException {
    String directory = check(query);
    try (BranchReader reader =
        BranchReader.open(settings, query.repository(), query.credentials(), progress)) {
      ObjectId tip = tip(reader, query.branch());
      List<PromotionRecord> records =
          settings.cacheDirectory() == null
              ? HistoryWalk.promotions(
                  reader.repository(),
                  tip,
                  directory,
                  query.app(),
                  query.environment(),
                  query.limit())
              : cached(reader, tip, directory, query, progress);
      progress.debug(TOPIC, records.size() + " promotions under '" + directory + "'");
      return records.size() > query.limit() ? records.subList(0, query.limit()) : records;
    } catch (IOException e) {
      throw new GitOpsException("cannot read the history of " + query.branch() + ": " + e, e);
    }
  }

  /** Every promotion of the query, reusing what the cache holds from an earlier read. */
  private List<PromotionRecord> cached(
      BranchReader reader,
      ObjectId tip,
      String directory,
      HistoryQuery query,
      ProgressListener progress)
      throws IOException {
    Repository repository = reader.repository();
    HistoryCache cache =
        new HistoryCache(
            settings.cacheDirectory(),
            reader.display(),
            query.branch(),
            directory,
            query.app(),
            query.environment());
    Optional<HistoryCache.Entry> entry = cache.read();
    List<PromotionRecord> known = new ArrayList<>();
    ObjectId since = null;
    if (entry.isPresent()) {
      ObjectId old = ObjectId.fromString(entry.get().tip());
      if (old.equals(tip)) {
        progress.debug(TOPIC, "history cache is current at " + tip.name());
        return entry.get().promotions().stream().map(HistoryCache.Stored::record).toList();
      }
      if (repository.getObjectDatabase().has(old) && isAncestor(repository, old, tip)) {
        since = old;
        entry.get().promotions().forEach(s -> known.add(s.record()));
      }
    }
    List<PromotionRecord> records = new ArrayList<>();
    HistoryWalk.walk(
        repository,
        tip,
        since,
        directory,
        query.app(),
        query.environment(),
        step -> {
          step.promotion().ifPresent(records::add);
          return true;
        });
    progress.debug(
        TOPIC,
        records.size()
            + " new promotions"
            + (since == null ? " (full walk)" : " since " + since.abbreviate(7).name()));
    records.addAll(known);
    cache.write(tip, records);
    return records;
  }

  private static boolean isAncestor(Repository repository, ObjectId old, ObjectId tip)
      throws IOException {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.isMergedInto(walk.parseCommit(old), walk.parseCommit(tip));
    }
  }

  /**
   * One row per app and environment with a promotion on the branch, sorted by app then environment;
   * each flags a directory changed by hand after its newest promotion.
   */
  public List<EnvironmentStatus> status(HistoryQuery query, ProgressListener progress)
      throws GitOpsException {
    String directory = check(query);
    try (BranchReader reader =
        BranchReader.open(settings, query.repository(), query.credentials(), progress)) {
      Repository repository = reader.repository();
      ObjectId tip = tip(reader, query.branch());
      Map<String, PromotionRecord> newest = new LinkedHashMap<>();
      HistoryWalk.walk(
          repository,
          tip,
          directory,
          query.app(),
          query.environment(),
          step -> {
            step.promotion()
                .ifPresent(r -> newest.putIfAbsent(r.app() + "\n" + r.environment(), r));
            return true;
          });
      List<EnvironmentStatus> rows = new ArrayList<>();
      for (PromotionRecord current : newest.values()) {
        rows.add(row(repository, tip, query.pathTemplate(), current));
      }
      rows.sort(
          (a, b) ->
              a.app().equals(b.app())
                  ? a.environment().compareTo(b.environment())
                  : a.app().compareTo(b.app()));
      return rows;
    } catch (IOException e) {
      throw new GitOpsException("cannot read the status of " + query.branch() + ": " + e, e);
    }
  }

  private static EnvironmentStatus row(
      Repository repository, ObjectId tip, String template, PromotionRecord current)
      throws IOException, InvalidInputException {
    String path = LifecyclePaths.prefix(template, current.app(), current.environment());
    RevCommit[] edit = new RevCommit[1];
    HistoryWalk.walk(
        repository,
        tip,
        path,
        current.app(),
        current.environment(),
        step -> {
          if (step.commit().name().equals(current.commit()) || step.promotion().isPresent()) {
            return false; // reached the newest promotion: nothing changed it since
          }
          if (!HistoryWalk.isPromotion(repository, step.commit())) {
            edit[0] = step.commit(); // the newest hand edit; keep it
            return false;
          }
          return true; // another app's promotion touched the path; look further
        });
    return new EnvironmentStatus(
        current.app(),
        current.environment(),
        path,
        current,
        edit[0] == null ? null : edit[0].name(),
        edit[0] == null ? null : HistoryWalk.time(edit[0]));
  }

  static ObjectId tip(BranchReader reader, String branch) throws GitOpsException {
    return reader
        .branch(branch)
        .orElseThrow(
            () ->
                new GitOpsException("branch " + branch + " does not exist in " + reader.display()));
  }

  static String check(HistoryQuery query) throws InvalidInputException {
    LifecyclePaths.branch(query.branch());
    LifecyclePaths.name("app", query.app());
    LifecyclePaths.name("environment", query.environment());
    if (query.limit() < 1) {
      throw new InvalidInputException("the limit must be at least 1, not " + query.limit());
    }
    return LifecyclePaths.prefix(query.pathTemplate(), query.app(), query.environment());
  }
}
