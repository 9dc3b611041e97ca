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
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Tells whether two root trees differ at one path, like {@code git diff-tree} limited to it. It
 * descends the path one level at a time and stops at the first level where both sides hold the same
 * tree, so most comparisons cost one or two tree reads; each tree's lookup is remembered, since a
 * commit's trees are read again as the next (older) commit's parent's. One instance per reader and
 * thread.
 */
final class PathLookup {
  private final byte[][] segments;
  private final ObjectReader reader;
  private final CanonicalTreeParser parser = new CanonicalTreeParser();
  private final List<Map<ObjectId, ObjectId>> lookups = new ArrayList<>();

  PathLookup(String path, ObjectReader reader) {
    String[] names = path.split("/");
    this.segments = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      segments[i] = names[i].getBytes(StandardCharsets.UTF_8);
      lookups.add(new HashMap<>());
    }
    this.reader = reader;
  }

  /** Whether the path differs between the two root trees; a null tree is an empty one. */
  boolean differs(ObjectId mine, ObjectId theirs) throws IOException {
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
}
