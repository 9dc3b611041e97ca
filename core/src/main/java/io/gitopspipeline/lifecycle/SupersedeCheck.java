package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.BranchReader;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Decides from the GitOps repository whether a build's promotion was superseded: the promotion
 * branch {@code gitops/<env>/<app>}, or the newest promotion of the environment's path, is now a
 * commit whose trailers name another build (another build URL, source commit or image) and that is
 * not an ancestor of the build's own commit. A build waiting for its merge or its sync then stops
 * with the outcome {@code superseded} instead of waiting for a change that will never come alone.
 */
public final class SupersedeCheck {
  private static final String TOPIC = "supersede";

  private final PromoterSettings settings;

  public SupersedeCheck(PromoterSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * What the check looks at.
   *
   * @param repository the GitOps repository
   * @param branch the environment branch
   * @param app the app
   * @param environment the environment
   * @param pathTemplate where apps live ({@code null}: the default)
   * @param credentials how to authenticate
   * @param ownCommit the commit the waiting build promoted (full SHA-1)
   * @param waitingForMerge whether the build waits for its pull request: then a newer commit on the
   *     promotion branch supersedes it too (a build waiting for its sync is superseded only by what
   *     reached the environment branch)
   */
  public record Query(
      String repository,
      String branch,
      String app,
      String environment,
      String pathTemplate,
      GitCredentials credentials,
      String ownCommit,
      boolean waitingForMerge) {
    public Query {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(ownCommit, "ownCommit");
      pathTemplate = pathTemplate == null ? Promotion.DEFAULT_PATH_TEMPLATE : pathTemplate;
      credentials = credentials == null ? GitCredentials.NONE : credentials;
    }
  }

  /**
   * The newer promotion, if the build's own was superseded.
   *
   * @throws InvalidInputException for a bad name, branch, template or commit
   */
  public Optional<Supersession> check(Query query, ProgressListener progress)
      throws GitOpsException {
    LifecyclePaths.branch(query.branch());
    LifecyclePaths.name("app", query.app());
    LifecyclePaths.name("environment", query.environment());
    String directory =
        LifecyclePaths.prefix(query.pathTemplate(), query.app(), query.environment());
    if (!ObjectId.isId(query.ownCommit())) {
      throw new InvalidInputException(
          "commit '"
              + Printable.of(query.ownCommit())
              + "' is not a full 40-character SHA-1; give the commit the promotion printed");
    }
    ObjectId own = ObjectId.fromString(query.ownCommit());
    try (BranchReader reader =
        BranchReader.open(settings, query.repository(), query.credentials(), progress)) {
      String promotionBranch = Promoter.promotionBranch(query.app(), query.environment());
      Optional<ObjectId> proposed =
          query.waitingForMerge() ? reader.branch(promotionBranch) : Optional.empty();
      ObjectId tip = PromotionHistory.tip(reader, query.branch());
      Repository repository = reader.repository();
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit ownCommit =
            repository.getObjectDatabase().has(own) ? walk.parseCommit(own) : null;
        Trailers ownTrailers = ownCommit == null ? null : Trailers.of(ownCommit).orElse(null);
        if (proposed.isPresent() && !proposed.get().equals(own)) {
          RevCommit candidate = walk.parseCommit(proposed.get());
          Optional<Trailers> trailers = Trailers.of(candidate);
          if (trailers.isPresent()
              && trailers.get().names(query.app(), query.environment())
              && newer(walk, candidate, ownCommit, trailers.get(), ownTrailers)) {
            return found(progress, candidate.name(), promotionBranch, trailers.get());
          }
        }
        List<PromotionRecord> newest =
            HistoryWalk.promotions(repository, tip, directory, query.app(), query.environment(), 1);
        if (!newest.isEmpty() && ownCommit != null) {
          PromotionRecord record = newest.get(0);
          if (!record.commit().equals(own.name()) && !record.promotionCommit().equals(own.name())) {
            RevCommit candidate = walk.parseCommit(ObjectId.fromString(record.commit()));
            Trailers trailers =
                Trailers.of(walk.parseCommit(ObjectId.fromString(record.promotionCommit())))
                    .orElseThrow();
            if (newer(walk, candidate, ownCommit, trailers, ownTrailers)) {
              return found(progress, record.commit(), query.branch(), trailers);
            }
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new GitOpsException("cannot check whether the promotion was superseded: " + e, e);
    }
  }

  /** Another build's commit that does not already lie beneath ours. */
  private static boolean newer(
      RevWalk walk, RevCommit candidate, RevCommit own, Trailers theirs, Trailers ours)
      throws IOException {
    if (theirs.sameBuild(ours)) {
      return false;
    }
    if (own == null) {
      return true; // our commit is gone from the branch: it was replaced
    }
    walk.reset();
    return !walk.isMergedInto(candidate, own);
  }

  private static Optional<Supersession> found(
      ProgressListener progress, String commit, String branch, Trailers trailers) {
    Supersession supersession =
        new Supersession(
            commit, branch, trailers.image(), trailers.sourceCommit(), trailers.buildUrl());
    progress.info(TOPIC, supersession.describe());
    return Optional.of(supersession);
  }
}
