package io.gitopspipeline.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Tells whether two root trees differ at one path, like {@code git diff-tree} limited to it. It
 * descends the path one level at a time and stops at the first level where both sides hold the same
 * tree, so most comparisons cost one or two tree reads. The last two lookups of each level are
 * remembered: walking a first-parent line, a commit's parent is the next commit, so its trees are
 * looked up again right away (a map of every tree seen cost more than it saved). One instance per
 * reader and thread.
 */
final class PathLookup {
  private final byte[][] segments;
  private final ObjectReader reader;
  private final CanonicalTreeParser parser = new CanonicalTreeParser();

  /** Per level, the last two trees looked up and what was found in them (null: nothing). */
  private final ObjectId[][] recentTrees;

  private final ObjectId[][] recentFound;
  private final int[][] recentModes;

  /** The mode of the entry the last {@link #child} call found (0 when none). */
  private int foundMode;

  private final int[] nextSlot;

  PathLookup(String path, ObjectReader reader) {
    String[] names = path.split("/");
    this.segments = new byte[names.length][];
    for (int i = 0; i < names.length; i++) {
      segments[i] = names[i].getBytes(StandardCharsets.UTF_8);
    }
    this.recentTrees = new ObjectId[names.length][2];
    this.recentFound = new ObjectId[names.length][2];
    this.recentModes = new int[names.length][2];
    this.nextSlot = new int[names.length];
    this.reader = reader;
  }

  /**
   * Whether the path differs between the two root trees (its object, or only its mode: a file made
   * executable or a link, as {@code git log -- PATH} sees it); a null tree is an empty one.
   */
  boolean differs(ObjectId mine, ObjectId theirs) throws IOException {
    int myMode = 0;
    int theirMode = 0;
    for (int depth = 0; depth < segments.length; depth++) {
      if (Objects.equals(mine, theirs) && myMode == theirMode) {
        return false;
      }
      myMode = 0;
      theirMode = 0;
      if (mine != null) {
        mine = child(mine, depth);
        myMode = foundMode;
      }
      if (theirs != null) {
        theirs = child(theirs, depth);
        theirMode = foundMode;
      }
    }
    return !Objects.equals(mine, theirs) || myMode != theirMode;
  }

  /**
   * The entry named by segment {@code depth} in {@code tree}, or null; only the last segment may be
   * a file.
   */
  private ObjectId child(ObjectId tree, int depth) throws IOException {
    ObjectId[] trees = recentTrees[depth];
    for (int slot = 0; slot < trees.length; slot++) {
      if (tree.equals(trees[slot])) {
        foundMode = recentModes[depth][slot];
        return recentFound[depth][slot];
      }
    }
    parser.reset(reader, tree);
    ObjectId found = null;
    int mode = 0;
    byte[] name = segments[depth];
    for (; !parser.eof(); parser.next(1)) {
      if (sameName(name)) {
        if (depth == segments.length - 1 || parser.getEntryFileMode() == FileMode.TREE) {
          found = parser.getEntryObjectId();
          mode = parser.getEntryRawMode();
        }
        break;
      }
    }
    int slot = nextSlot[depth];
    trees[slot] = tree.copy();
    recentFound[depth][slot] = found;
    recentModes[depth][slot] = mode;
    foundMode = mode;
    nextSlot[depth] = 1 - slot;
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
