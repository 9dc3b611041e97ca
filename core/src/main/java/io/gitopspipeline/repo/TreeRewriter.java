package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.render.SecretRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Builds the tree of a promotion commit straight in the object database: the base commit's tree
 * with the owned directories replaced by the desired files. No working tree is checked out, so the
 * cost depends on the files promoted, not on the size of the repository; and re-applying on a new
 * tip is simply rewriting that tip's tree again.
 */
final class TreeRewriter {
  /**
   * A rewritten tree.
   *
   * @param replaced the previous blob of each modified file
   */
  record Rewrite(ObjectId tree, FileChanges changes, Map<String, ObjectId> replaced) {
    /**
     * Whether the only differences are Secret values (compared as the render summary does, by
     * {@link SecretRedactor#onlySecretDataDiffers}): no file added or removed, and every modified
     * file differs from its previous content in Secret values alone.
     */
    boolean secretValuesOnly(ObjectReader reader, Map<String, ObjectId> staged) throws IOException {
      if (!changes.added().isEmpty()
          || !changes.removed().isEmpty()
          || changes.modified().isEmpty()) {
        return false;
      }
      for (String path : changes.modified()) {
        ObjectId before = replaced.get(path);
        if (before == null
            || !SecretRedactor.onlySecretDataDiffers(
                text(reader, before), text(reader, staged.get(path)))) {
          return false;
        }
      }
      return true;
    }

    private static String text(ObjectReader reader, ObjectId blob) throws IOException {
      return new String(reader.open(blob, Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
    }
  }

  private TreeRewriter() {}

  /**
   * Writes the desired files as blobs, once: a retry on a new tip, or the next promotion of a
   * batch, re-applies these ids without reading the rendered files again.
   */
  static Map<String, ObjectId> stage(ObjectInserter inserter, DesiredState desired)
      throws IOException {
    Map<String, ObjectId> blobs = new TreeMap<>();
    for (Map.Entry<String, Path> file : desired.files().entrySet()) {
      byte[] content = Files.readAllBytes(file.getValue());
      blobs.put(file.getKey(), inserter.insert(Constants.OBJ_BLOB, content));
    }
    inserter.flush();
    return blobs;
  }

  /**
   * Refuses to write over a directory that changed since the promotion was planned: {@code
   * expectedTree} (hex, null for no expectation) must be the tree {@code target} holds in {@code
   * baseTree}.
   */
  static void checkExpected(
      ObjectReader reader, AnyObjectId baseTree, String target, String branch, String expectedTree)
      throws IOException, DirectoryMovedException {
    if (expectedTree == null) {
      return;
    }
    ObjectId found;
    try (TreeWalk walk = TreeWalk.forPath(reader, target, baseTree)) {
      found = walk == null ? null : walk.getObjectId(0);
    }
    if (found == null || !found.name().equals(expectedTree)) {
      throw new DirectoryMovedException(
          "'"
              + target
              + "' changed on "
              + branch
              + " since this change was planned (it held tree "
              + ObjectId.fromString(expectedTree).abbreviate(7).name()
              + ", now "
              + (found == null ? "nothing" : found.abbreviate(7).name())
              + "): another promotion or edit landed meanwhile, and this one would overwrite it;"
              + " nothing was pushed");
    }
  }

  /**
   * The base tree with the desired state applied. Only the trees on the way to the promoted paths
   * are read and written again; every other subtree keeps its id, so the cost depends on the files
   * promoted, not on the size of the repository (a 20,000-file repository costs what a small one
   * does).
   *
   * @param staged the desired files' blob ids from {@link #stage}, already in the repository
   */
  static Rewrite rewrite(
      ObjectReader reader,
      ObjectInserter inserter,
      AnyObjectId baseTree,
      DesiredState desired,
      Map<String, ObjectId> staged)
      throws IOException, InvalidInputException {
    Surgery surgery = new Surgery(reader, inserter, desired, staged);
    ObjectId tree = surgery.build("", baseTree);
    if (tree == null) {
      tree = inserter.insert(new TreeFormatter());
    }
    List<String> added = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    Map<String, ObjectId> replaced = new TreeMap<>();
    for (Map.Entry<String, ObjectId> file : staged.entrySet()) {
      String path = file.getKey();
      ObjectId blob = file.getValue();
      Previous old = surgery.previous.remove(path);
      if (old == null) {
        added.add(path);
      } else if (!old.id().equals(blob) || old.mode() != FileMode.REGULAR_FILE) {
        modified.add(path);
        if (old.mode() == FileMode.REGULAR_FILE) {
          replaced.put(path, old.id());
        }
      }
    }
    List<String> removed = new ArrayList<>(surgery.previous.keySet());
    return new Rewrite(tree, new FileChanges(added, modified, removed), replaced);
  }

  /** A file the promotion replaces or removes, as the base tree held it. */
  private record Previous(FileMode mode, ObjectId id) {}

  /** One tree entry to write. */
  private record Entry(byte[] name, FileMode mode, ObjectId id) {}

  /** Rewrites the base tree level by level along the promoted paths. */
  private static final class Surgery {
    private final ObjectReader reader;
    private final ObjectInserter inserter;
    private final DesiredState desired;
    private final Map<String, ObjectId> staged;

    /** Directories holding a desired file somewhere below: a base file there is in the way. */
    private final Set<String> desiredAncestors = new HashSet<>();

    /** Directories on the way to a desired file or an owned directory: read and written again. */
    private final Set<String> touched = new HashSet<>();

    /** Every base file under an owned directory or at a desired file's path, by path. */
    final Map<String, Previous> previous = new TreeMap<>();

    Surgery(
        ObjectReader reader,
        ObjectInserter inserter,
        DesiredState desired,
        Map<String, ObjectId> staged)
        throws InvalidInputException {
      this.reader = reader;
      this.inserter = inserter;
      this.desired = desired;
      this.staged = staged;
      for (String path : staged.keySet()) {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
          desiredAncestors.add(path.substring(0, i));
        }
      }
      for (String path : staged.keySet()) {
        if (desiredAncestors.contains(path)) {
          // a file and a directory of one name would be two entries of one name: a corrupt tree
          throw new InvalidInputException(
              "the promotion writes both a file and a directory at '"
                  + path
                  + "'; give the extra file another target");
        }
      }
      touched.addAll(desiredAncestors);
      for (String dir : desired.ownedDirectories()) {
        for (int i = dir.indexOf('/'); i > 0; i = dir.indexOf('/', i + 1)) {
          touched.add(dir.substring(0, i));
        }
      }
    }

    /** The tree at {@code prefix} ("" for the root), or null when it ends up empty. */
    ObjectId build(String prefix, AnyObjectId base) throws IOException, InvalidInputException {
      List<Entry> entries = new ArrayList<>();
      Set<String> kept = new HashSet<>();
      if (base != null) {
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(reader, base);
        for (; !parser.eof(); parser.next(1)) {
          String name = parser.getEntryPathString();
          String path = prefix + name;
          FileMode mode = parser.getEntryFileMode();
          ObjectId id = parser.getEntryObjectId();
          if (mode == FileMode.TREE) {
            if (ownedDirectory(path)) {
              collect(path, id);
            } else if (staged.containsKey(path)) {
              throw new InvalidInputException(
                  "'"
                      + path
                      + "' is a directory in the GitOps repository, but the"
                      + " promotion writes a file there; choose another target");
            } else if (touched.contains(path)) {
              kept.add(name);
              ObjectId tree = build(path + "/", id);
              if (tree != null) {
                entries.add(new Entry(rawName(parser), FileMode.TREE, tree));
              }
            } else {
              entries.add(new Entry(rawName(parser), mode, id));
            }
          } else if (desired.owns(path)) {
            previous.put(path, new Previous(mode, id));
          } else if (desiredAncestors.contains(path)) {
            throw new InvalidInputException(
                "'"
                    + path
                    + "' is a file in the GitOps repository, but the promotion writes a"
                    + " directory there; choose another --path or remove the file");
          } else {
            entries.add(new Entry(rawName(parser), mode, id));
          }
        }
      }
      // What the desired state adds at this level: its files, and new directories holding them.
      Set<String> newDirectories = new TreeSet<>();
      for (Map.Entry<String, ObjectId> file : staged.entrySet()) {
        String path = file.getKey();
        if (!path.startsWith(prefix)) {
          continue;
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
          entries.add(new Entry(bytes(rest), FileMode.REGULAR_FILE, file.getValue()));
        } else if (!kept.contains(rest.substring(0, slash))) {
          newDirectories.add(rest.substring(0, slash));
        }
      }
      for (String name : newDirectories) {
        ObjectId tree = build(prefix + name + "/", null);
        if (tree != null) {
          entries.add(new Entry(bytes(name), FileMode.TREE, tree));
        }
      }
      if (entries.isEmpty()) {
        return null;
      }
      entries.sort(TreeRewriter::gitOrder);
      TreeFormatter formatter = new TreeFormatter();
      for (Entry entry : entries) {
        formatter.append(entry.name(), entry.mode(), entry.id());
      }
      return inserter.insert(formatter);
    }

    /** Whether every file below {@code path} is owned: it is, or lies in, an owned directory. */
    private boolean ownedDirectory(String path) {
      for (String dir : desired.ownedDirectories()) {
        if (path.equals(dir) || RepoPaths.isUnder(path, dir)) {
          return true;
        }
      }
      return false;
    }

    /** Records every file of a dropped subtree as previous. */
    private void collect(String path, ObjectId tree) throws IOException {
      try (TreeWalk walk = new TreeWalk(reader)) {
        walk.addTree(tree);
        walk.setRecursive(true);
        while (walk.next()) {
          previous.put(
              path + "/" + walk.getPathString(),
              new Previous(walk.getFileMode(0), walk.getObjectId(0)));
        }
      }
    }
  }

  /** A kept entry's name exactly as the base tree holds it (it need not be UTF-8). */
  private static byte[] rawName(CanonicalTreeParser parser) {
    return Arrays.copyOfRange(
        parser.getEntryPathBuffer(),
        parser.getNameOffset(),
        parser.getNameOffset() + parser.getNameLength());
  }

  private static byte[] bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  /** Git's tree order: names compared as bytes, a directory's as if it ended in '/'. */
  private static int gitOrder(Entry a, Entry b) {
    byte[] x = a.name();
    byte[] y = b.name();
    int n = Math.min(x.length, y.length);
    for (int i = 0; i < n; i++) {
      int c = (x[i] & 0xff) - (y[i] & 0xff);
      if (c != 0) {
        return c;
      }
    }
    int lastX = x.length > n ? x[n] & 0xff : a.mode() == FileMode.TREE ? '/' : 0;
    int lastY = y.length > n ? y[n] & 0xff : b.mode() == FileMode.TREE ? '/' : 0;
    return lastX - lastY;
  }
}
