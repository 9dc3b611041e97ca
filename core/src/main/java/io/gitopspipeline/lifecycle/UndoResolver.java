package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Resolves {@link RollbackTarget.Undo}: the promotion before a given one, but only while that
 * promotion is still what the environment holds. An automatic rollback (a build undoing its own
 * promotion after a failed sync) must never clobber a newer promotion by another build, a rollback
 * that already happened, or a hand edit made since.
 */
final class UndoResolver {
  private UndoResolver() {}

  /**
   * The promotion to restore.
   *
   * @param records the environment's promotions, newest first
   * @throws NothingToUndoException when the environment moved on since the promotion
   * @throws InvalidInputException when the commit is not a full SHA-1, not a promotion of this
   *     environment, or its first one
   */
  static PromotionRecord resolve(
      Repository repository,
      ObjectId tip,
      String directory,
      String branch,
      String subject,
      List<PromotionRecord> records,
      RollbackTarget.Undo undo)
      throws IOException, InvalidInputException, NothingToUndoException {
    String commit = undo.commit() == null ? "" : undo.commit().toLowerCase(Locale.ROOT);
    if (!ObjectId.isId(commit)) {
      throw new InvalidInputException(
          "the promotion to undo '"
              + Printable.of(undo.commit())
              + "' is not a full 40-character SHA-1");
    }
    int index = -1;
    for (int i = 0; i < records.size(); i++) {
      PromotionRecord r = records.get(i);
      if (r.commit().equals(commit) || r.promotionCommit().equals(commit)) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      throw new NothingToUndoException(
          commit
              + " is not a promotion of "
              + subject
              + " on "
              + branch
              + " (never merged, or not this environment's): nothing to undo");
    }
    PromotionRecord mine = records.get(index);
    if (index > 0) {
      PromotionRecord newest = records.get(0);
      if (newest.isRollback()
          && (Objects.equals(newest.rollbackOf(), mine.commit())
              || Objects.equals(newest.rollbackOf(), mine.promotionCommit()))) {
        throw new NothingToUndoException(
            subject + " on " + branch + " was already rolled back by " + newest.commit());
      }
      throw new NothingToUndoException(
          subject
              + " on "
              + branch
              + " moved on since "
              + commit.substring(0, 7)
              + ": the newest promotion is "
              + newest.commit()
              + describe(newest)
              + "; nothing of this promotion is left to undo, so nothing is rolled back");
    }
    if (records.size() < 2) {
      throw new InvalidInputException(
          commit
              + " is the first promotion of "
              + subject
              + " on "
              + branch
              + ": there is no earlier promotion to restore");
    }
    if (!sameDirectory(repository, directory, ObjectId.fromString(mine.commit()), tip)) {
      throw new NothingToUndoException(
          directory
              + " on "
              + branch
              + " was changed by hand since "
              + commit.substring(0, 7)
              + "; not rolled back automatically, to keep that change ('gitops status' shows it)");
    }
    return records.get(1);
  }

  private static String describe(PromotionRecord record) {
    StringBuilder text = new StringBuilder();
    if (record.image() != null) {
      text.append(" (image ").append(Printable.of(record.image())).append(')');
    }
    if (record.buildUrl() != null) {
      text.append(" from build ").append(Printable.of(record.buildUrl()));
    }
    return text.toString();
  }

  /** Whether {@code directory} is the same tree at both commits. */
  private static boolean sameDirectory(
      Repository repository, String directory, ObjectId one, ObjectId other) throws IOException {
    return Objects.equals(tree(repository, directory, one), tree(repository, directory, other));
  }

  private static ObjectId tree(Repository repository, String directory, ObjectId commit)
      throws IOException {
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader()) {
      var root = walk.parseCommit(commit).getTree();
      if (directory.isEmpty()) {
        return root.getId();
      }
      try (TreeWalk tree = TreeWalk.forPath(reader, directory, root)) {
        return tree == null ? null : tree.getObjectId(0);
      }
    }
  }
}
