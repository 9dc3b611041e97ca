package io.gitopspipeline.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Keeps the commits whose tree at one path differs from their first parent's, like {@code git log
 * --first-parent -- PATH}. JGit's own {@code TreeFilter} path limiting drops a merge whose tree
 * equals any parent's, which hides exactly the merge commits of pull requests we must report; this
 * filter compares with the first parent only. It descends the path one level at a time and stops at
 * the first level where both sides hold the same tree, so most commits cost one or two tree reads;
 * each tree's lookup is remembered, since a commit's trees are read again as the next (older)
 * commit's parent.
 */
final class FirstParentPathFilter extends RevFilter {
  private final byte[][] segments;
  private final ObjectReader reader;
  private final CanonicalTreeParser parser = new CanonicalTreeParser();
  private final List<Map<ObjectId, ObjectId>> lookups = new ArrayList<>();

  FirstParentPathFilter(String path, ObjectReader reader) {
    String[] names = path.split("/");
    this.segments = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      segments[i] = names[i].getBytes(StandardCharsets.UTF_8);
      lookups.add(new HashMap<>());
    }
    this.reader = reader;
  }

  @Override
  public boolean include(RevWalk walker, RevCommit commit) throws IOException {
    ObjectId mine = commit.getTree();
    ObjectId theirs = null;
    if (commit.getParentCount() > 0) {
      RevCommit parent = commit.getParent(0);
      walker.parseHeaders(parent);
      theirs = parent.getTree();
    }
    for (int depth = 0; depth < segments.length; depth++) {
      if (Objects.equals(mine, theirs)) {
        return false;
      }
      mine = mine == null ? null : child(mine, depth);
      theirs = theirs == null ? null : child(theirs, depth);
    }
    return !Objects.equals(mine, theirs);
  }

  /**
   * The entry named by segment {@code depth} in {@code tree}, or null; only the last segment may be
   * a file. Remembered per depth and tree.
   */
  private ObjectId child(ObjectId tree, int depth) throws IOException {
    Map<ObjectId, ObjectId> known = lookups.get(depth);
    if (known.containsKey(tree)) {
      return known.get(tree);
    }
    parser.reset(reader, tree);
    ObjectId found = null;
    byte[] name = segments[depth];
    for (; !parser.eof(); parser.next(1)) {
      if (sameName(name)) {
        if (depth == segments.length - 1 || parser.getEntryFileMode() == FileMode.TREE) {
          found = parser.getEntryObjectId();
        }
        break;
      }
    }
    known.put(tree.copy(), found);
    return found;
  }

  private boolean sameName(byte[] name) {
    if (parser.getNameLength() != name.length) {
      return false;
    }
    byte[] buffer = parser.getEntryPathBuffer();
    int offset = parser.getNameOffset();
    for (int i = 0; i < name.length; i++) {
      if (buffer[offset + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public RevFilter clone() {
    return new FirstParentPathFilter(String.join("/", segmentStrings()), reader);
  }

  private String[] segmentStrings() {
    String[] names = new String[segments.length];
    for (int i = 0; i < segments.length; i++) {
      names[i] = new String(segments[i], StandardCharsets.UTF_8);
    }
    return names;
  }

  @Override
  public boolean requiresCommitBody() {
    return false;
  }

  @Override
  public String toString() {
    return "FIRST_PARENT_PATH(" + String.join("/", segmentStrings()) + ")";
  }
}
