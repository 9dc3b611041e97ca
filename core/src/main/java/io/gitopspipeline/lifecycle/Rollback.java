package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.BranchReader;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.SourceInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Plans a rollback: finds the earlier promotion of an app's environment and writes that promotion's
 * directory, byte for byte as the repository holds it (no re-render: what ran then is what comes
 * back), into a temporary directory. The plan's {@link Plan#promotion() promotion} then goes
 * through the ordinary promotion machinery ({@code Promoter}, or {@code PullRequestPromoter} for a
 * pull request), so a rollback is pushed race-proof, updates an open pull request instead of
 * opening a second, and is a no-op when the directory already holds that state. Its trailers carry
 * the restored image and source commit plus {@code GitOps-Rollback-Of}.
 */
public final class Rollback {
  private static final String TOPIC = "rollback";
  private static final int MAX_FILES = 50_000;
  private static final long MAX_BYTES = 64L * 1024 * 1024;

  private final PromoterSettings settings;

  public Rollback(PromoterSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * What to roll back.
   *
   * @param repository the GitOps repository
   * @param branch the environment branch
   * @param app the app
   * @param environment the environment
   * @param pathTemplate where apps live ({@code null}: the default)
   * @param credentials how to authenticate
   * @param target the earlier promotion to restore
   * @param buildUrl the build running the rollback, for its {@code GitOps-Build-URL}, or null
   */
  public record Request(
      String repository,
      String branch,
      String app,
      String environment,
      String pathTemplate,
      GitCredentials credentials,
      RollbackTarget target,
      String buildUrl) {
    public Request {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(app, "app");
      Objects.requireNonNull(environment, "environment");
      Objects.requireNonNull(target, "target");
      pathTemplate = pathTemplate == null ? Promotion.DEFAULT_PATH_TEMPLATE : pathTemplate;
      credentials = credentials == null ? GitCredentials.NONE : credentials;
    }

    /** The target from the CLI's three options; exactly one must be given. */
    public static RollbackTarget target(String commit, Integer steps, String image)
        throws InvalidInputException {
      return RollbackTarget.of(commit, steps, image);
    }
  }

  /**
   * A planned rollback; {@link #close()} deletes the restored files.
   *
   * @param target the promotion being restored
   * @param undone the current promotion, which the rollback undoes
   * @param promotion the direct promotion that restores it; set the mode and identity as needed
   */
  public record Plan(PromotionRecord target, PromotionRecord undone, Promotion promotion)
      implements AutoCloseable {
    @Override
    public void close() {
      delete(promotion.renderedDirectory());
    }
  }

  /**
   * Plans the rollback.
   *
   * @throws InvalidInputException when the target is unknown, not a promotion of this app and
   *     environment, or beyond its history; or for a bad name, branch or template
   * @throws NothingToUndoException for {@link RollbackTarget.Undo} when the environment moved on
   *     since the promotion to undo
   */
  public Plan plan(Request request, ProgressListener progress) throws GitOpsException {
    LifecyclePaths.branch(request.branch());
    LifecyclePaths.name("app", request.app());
    LifecyclePaths.name("environment", request.environment());
    String directory =
        LifecyclePaths.prefix(request.pathTemplate(), request.app(), request.environment());
    try (BranchReader reader =
        BranchReader.open(settings, request.repository(), request.credentials(), progress)) {
      Repository repository = reader.repository();
      ObjectId tip = PromotionHistory.tip(reader, request.branch());
      List<PromotionRecord> records =
          HistoryWalk.promotions(
              repository, tip, directory, request.app(), request.environment(), Integer.MAX_VALUE);
      String subject = request.app() + " in " + request.environment();
      if (records.isEmpty()) {
        throw new InvalidInputException(
            "there is no promotion of " + subject + " on " + request.branch() + " to roll back");
      }
      PromotionRecord target =
          request.target() instanceof RollbackTarget.Undo undo
              ? UndoResolver.resolve(
                  repository, tip, directory, request.branch(), subject, records, undo)
              : resolve(repository, request, records, subject);
      PromotionRecord undone = records.get(0);
      progress.info(
          TOPIC,
          "restoring "
              + directory
              + " as of "
              + target.commit()
              + (target.image() == null ? "" : " (" + Printable.of(target.image()) + ")"));
      Path restored = restore(repository, target.commit(), directory);
      SourceInfo source =
          new SourceInfo(
              target.image(),
              target.sourceRepository(),
              target.sourceCommit(),
              request.buildUrl(),
              undone.commit());
      String template =
          "Roll back {app} in {env} to "
              + (target.image() == null ? target.commit().substring(0, 7) : "{image}");
      Promotion promotion =
          Promotion.of(
                  request.repository(),
                  request.branch(),
                  request.app(),
                  request.environment(),
                  restored)
              .withPathTemplate(request.pathTemplate())
              .withMessageTemplate(template)
              .withSource(source)
              .withCredentials(request.credentials());
      if (request.target() instanceof RollbackTarget.Undo) {
        // Undoing one promotion: refuse at push time if another landed since this plan was made.
        promotion = promotion.withExpectedTree(treeAt(repository, tip, directory));
      }
      return new Plan(target, undone, promotion);
    } catch (IOException e) {
      throw new GitOpsException("cannot plan the rollback of " + request.app() + ": " + e, e);
    }
  }

  /** The id of the tree at {@code directory} in {@code commit}, or null when there is none. */
  private static String treeAt(Repository repository, ObjectId commit, String directory)
      throws IOException {
    String path =
        directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = TreeWalk.forPath(repository, path, walk.parseCommit(commit).getTree())) {
      return tree == null ? null : tree.getObjectId(0).name();
    }
  }

  private static PromotionRecord resolve(
      Repository repository, Request request, List<PromotionRecord> records, String subject)
      throws IOException, InvalidInputException {
    RollbackTarget target = request.target();
    if (target instanceof RollbackTarget.Steps steps) {
      if (steps.steps() < 1) {
        throw new InvalidInputException("--steps must be at least 1, not " + steps.steps());
      }
      if (steps.steps() >= records.size()) {
        throw new InvalidInputException(
            "--steps "
                + steps.steps()
                + " goes beyond the history of "
                + subject
                + ": it has "
                + (records.size() - 1)
                + " earlier promotion(s) on "
                + request.branch());
      }
      return records.get(steps.steps());
    }
    if (target instanceof RollbackTarget.ToImage image) {
      return records.stream()
          .filter(r -> image.image().equals(r.image()))
          .findFirst()
          .orElseThrow(
              () ->
                  new InvalidInputException(
                      "no promotion of "
                          + subject
                          + " on "
                          + request.branch()
                          + " has the image '"
                          + Printable.of(image.image())
                          + "'; 'gitops history' lists the images promoted"));
    }
    String commit = ((RollbackTarget.ToCommit) target).commit().toLowerCase(Locale.ROOT);
    if (!commit.matches("[0-9a-f]{4,40}")) {
      throw new InvalidInputException(
          "--to '" + Printable.of(commit) + "' is not a commit SHA-1 (4 to 40 hex digits)");
    }
    List<PromotionRecord> matches =
        records.stream()
            .filter(r -> r.commit().startsWith(commit) || r.promotionCommit().startsWith(commit))
            .toList();
    if (matches.size() > 1) {
      throw new InvalidInputException(
          "--to " + commit + " is ambiguous: give more digits of the commit");
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new InvalidInputException(explain(repository, commit, subject, request.branch()));
  }

  /** Why {@code commit} is not a target: unknown, or a promotion of something else. */
  private static String explain(Repository repository, String commit, String subject, String branch)
      throws IOException {
    ObjectId id;
    try {
      id = repository.resolve(commit + "^{commit}");
    } catch (org.eclipse.jgit.errors.AmbiguousObjectException
        | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      id = null;
    } catch (org.eclipse.jgit.errors.RevisionSyntaxException e) {
      id = null;
    }
    if (id == null) {
      return "--to " + commit + " is not a commit of " + branch + "; 'gitops history' lists them";
    }
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit found = walk.parseCommit(id);
      return Trailers.of(found)
          .map(
              t ->
                  "--to "
                      + commit
                      + " is a promotion of "
                      + Printable.of(t.app())
                      + " in "
                      + Printable.of(t.environment())
                      + ", not of "
                      + subject)
          .orElse(
              "--to "
                  + commit
                  + " is not a promotion of "
                  + subject
                  + " on "
                  + branch
                  + " (it carries no GitOps trailers for it)");
    } catch (MissingObjectException e) {
      return "--to " + commit + " is not a commit of " + branch;
    }
  }

  /** Writes the directory's files at {@code commit} into a new temporary directory. */
  private Path restore(Repository repository, String commit, String directory)
      throws IOException, GitOpsException {
    Path parent =
        settings.workDirectory() != null
            ? Files.createDirectories(settings.workDirectory().toAbsolutePath())
            : Path.of(System.getProperty("java.io.tmpdir"));
    Path out = Files.createTempDirectory(parent, "gitops-rollback-");
    boolean done = false;
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader()) {
      RevCommit source = walk.parseCommit(ObjectId.fromString(commit));
      try (TreeWalk tree = TreeWalk.forPath(reader, directory, source.getTree())) {
        if (tree == null || !tree.isSubtree()) {
          throw new GitOpsException(
              directory + " is not a directory at " + commit + "; nothing to restore");
        }
        try (TreeWalk files = new TreeWalk(reader)) {
          files.addTree(tree.getObjectId(0));
          files.setRecursive(true);
          int count = 0;
          while (files.next()) {
            FileMode mode = files.getFileMode(0);
            if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
              throw new GitOpsException(
                  directory
                      + "/"
                      + Printable.of(files.getPathString())
                      + " at "
                      + commit
                      + " is not a regular file; a rollback restores regular files only");
            }
            if (++count > MAX_FILES) {
              throw new GitOpsException(directory + " holds more than " + MAX_FILES + " files");
            }
            Path file = out.resolve(files.getPathString()).normalize();
            if (!file.startsWith(out)) {
              throw new GitOpsException("refusing the path " + Printable.of(files.getPathString()));
            }
            Files.createDirectories(file.getParent());
            var loader = reader.open(files.getObjectId(0));
            if (loader.getSize() > MAX_BYTES) {
              throw new GitOpsException(
                  Printable.of(files.getPathString()) + " is larger than 64 MiB; not a manifest?");
            }
            try (OutputStream stream = Files.newOutputStream(file)) {
              loader.copyTo(stream);
            }
          }
        }
      }
      done = true;
      return out;
    } finally {
      if (!done) {
        delete(out);
      }
    }
  }

  private static void delete(Path path) {
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
