package io.gitopspipeline.lifecycle;

import java.io.IOException;
import java.util.Objects;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Keeps the commits whose tree at one path differs from their first parent's, like {@code git log
 * --first-parent -- PATH}. JGit's own {@code TreeFilter} path limiting drops a merge whose tree
 * equals any parent's, which hides exactly the merge commits of pull requests we must report; this
 * filter compares with the first parent only, reading just the trees along the path (no diff).
 */
final class FirstParentPathFilter extends RevFilter {
  private final String path;
  private final ObjectReader reader;
  private ObjectId memoCommit;
  private ObjectId memoEntry;

  FirstParentPathFilter(String path, ObjectReader reader) {
    this.path = path;
    this.reader = reader;
  }

  @Override
  public boolean include(RevWalk walker, RevCommit commit) throws IOException {
    ObjectId mine = entry(commit);
    if (commit.getParentCount() == 0) {
      return mine != null;
    }
    RevCommit parent = commit.getParent(0);
    walker.parseHeaders(parent);
    ObjectId theirs = entry(parent);
    // walking newest first, the parent is the next commit asked about
    memoCommit = parent.copy();
    memoEntry = theirs;
    return !Objects.equals(mine, theirs);
  }

  private ObjectId entry(RevCommit commit) throws IOException {
    if (commit.equals(memoCommit)) {
      return memoEntry;
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, path, commit.getTree())) {
      return walk == null ? null : walk.getObjectId(0);
    }
  }

  @Override
  public RevFilter clone() {
    return new FirstParentPathFilter(path, reader);
  }

  @Override
  public boolean requiresCommitBody() {
    return false;
  }

  @Override
  public String toString() {
    return "FIRST_PARENT_PATH(" + path + ")";
  }
}
