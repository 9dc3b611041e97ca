package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.render.SecretRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;

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
   * The base tree with the desired state applied.
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
    DirCache base = DirCache.newInCore();
    DirCacheBuilder baseBuilder = base.builder();
    baseBuilder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, baseTree);
    baseBuilder.finish();

    Set<String> desiredAncestors = new HashSet<>();
    for (String path : desired.files().keySet()) {
      for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
        desiredAncestors.add(path.substring(0, i));
      }
    }

    DirCache result = DirCache.newInCore();
    DirCacheBuilder builder = result.builder();
    Map<String, DirCacheEntry> previous = new TreeMap<>();
    for (int i = 0; i < base.getEntryCount(); i++) {
      DirCacheEntry entry = base.getEntry(i);
      String path = entry.getPathString();
      if (desired.owns(path)) {
        previous.put(path, entry);
        continue;
      }
      if (desiredAncestors.contains(path)) {
        throw new InvalidInputException(
            "'"
                + path
                + "' is a file in the GitOps repository, but the promotion writes a"
                + " directory there; choose another --path or remove the file");
      }
      for (int s = path.indexOf('/'); s > 0; s = path.indexOf('/', s + 1)) {
        if (desired.files().containsKey(path.substring(0, s))) {
          throw new InvalidInputException(
              "'"
                  + path.substring(0, s)
                  + "' is a directory in the GitOps repository, but the"
                  + " promotion writes a file there; choose another target");
        }
      }
      builder.add(entry);
    }

    List<String> added = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    Map<String, ObjectId> replaced = new TreeMap<>();
    for (Map.Entry<String, ObjectId> file : staged.entrySet()) {
      String path = file.getKey();
      ObjectId blob = file.getValue();
      DirCacheEntry entry = new DirCacheEntry(path);
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(blob);
      builder.add(entry);
      DirCacheEntry old = previous.remove(path);
      if (old == null) {
        added.add(path);
      } else if (!old.getObjectId().equals(blob) || old.getFileMode() != FileMode.REGULAR_FILE) {
        modified.add(path);
        if (old.getFileMode() == FileMode.REGULAR_FILE) {
          replaced.put(path, old.getObjectId());
        }
      }
    }
    List<String> removed = new ArrayList<>(previous.keySet());
    builder.finish();
    ObjectId tree = result.writeTree(inserter);
    return new Rewrite(tree, new FileChanges(added, modified, removed), replaced);
  }
}
