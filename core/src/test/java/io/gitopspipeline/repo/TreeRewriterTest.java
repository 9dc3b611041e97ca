package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.util.RawParseUtils;
import org.junit.jupiter.api.Test;

/**
 * The promotion's tree surgery (only the trees on the way to the promoted paths are rewritten)
 * gives exactly what rebuilding the whole tree through a DirCache gives — tree id, added, modified
 * and removed files, replaced blobs, and the same refusal for a file or directory in the way — over
 * many random base trees and desired states, with names chosen to collide ({@code a}, {@code a.b},
 * {@code a-b}, {@code a0}: git's tree order puts {@code a/} between them).
 */
class TreeRewriterTest {
  private static final String[] NAMES = {"a", "a.b", "a-b", "a0", "b", "c"};

  private final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("tree-rewriter"));

  @Test
  void rewritingOnlyThePromotedPathsEqualsRebuildingTheWholeTree() throws Exception {
    Random random = new Random(20261207);
    int refusals = 0;
    for (int round = 0; round < 600; round++) {
      try (ObjectInserter inserter = repository.newObjectInserter();
          ObjectReader reader = inserter.newReader()) {
        ObjectId base = randomTree(inserter, random);
        DesiredState desired = randomDesired(random);
        Map<String, ObjectId> staged = new TreeMap<>();
        for (String path : desired.files().keySet()) {
          staged.put(path, blob(inserter, random.nextInt(3) + ":" + path));
        }
        String expected = outcome(() -> wholeTree(reader, inserter, base, desired, staged));
        String actual =
            outcome(() -> TreeRewriter.rewrite(reader, inserter, base, desired, staged));

        assertThat(actual).as("round %d: %s", round, desired).isEqualTo(expected);
        if (expected.startsWith("refused")) {
          refusals++;
        }
      }
    }
    assertThat(refusals).as("the cases include files and directories in the way").isPositive();
  }

  @Test
  void keepsWhatTheRandomTreesCannotHoldAsItIsAndDropsItOnlyUnderTheOwnedDirectory()
      throws Exception {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      byte[] latin = {(byte) 0xff, 'x'};
      byte[] nested = {(byte) 0xfe, 'q'};
      byte[] owned = {(byte) 0xfd, 'z'};
      ObjectId file = blob(inserter, "not UTF-8 named");
      ObjectId link = blob(inserter, "../elsewhere");
      ObjectId script = blob(inserter, "#!/bin/sh");
      ObjectId yaml = blob(inserter, "kind: Service");
      ObjectId module = ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");
      ObjectId empty = inserter.insert(new TreeFormatter());

      TreeFormatter web = new TreeFormatter();
      web.append("a.yaml", FileMode.REGULAR_FILE, yaml);
      web.append("run.sh", FileMode.EXECUTABLE_FILE, script);
      web.append("sub", FileMode.GITLINK, module);
      web.append(owned, FileMode.REGULAR_FILE, file);
      TreeFormatter apps = new TreeFormatter();
      apps.append("empty", FileMode.TREE, empty);
      apps.append("mod", FileMode.GITLINK, module);
      apps.append("web", FileMode.TREE, inserter.insert(web));
      apps.append(nested, FileMode.REGULAR_FILE, file);
      TreeFormatter root = new TreeFormatter();
      root.append("apps", FileMode.TREE, inserter.insert(apps));
      root.append("link", FileMode.SYMLINK, link);
      root.append(latin, FileMode.REGULAR_FILE, file);
      ObjectId base = inserter.insert(root);

      Map<String, ObjectId> staged = new TreeMap<>();
      staged.put("apps/web/a.yaml", yaml);
      staged.put("apps/web/run.sh", script);
      Map<String, Path> files = new TreeMap<>();
      staged.keySet().forEach(f -> files.put(f, Path.of("unused")));
      TreeRewriter.Rewrite rewrite =
          TreeRewriter.rewrite(
              reader, inserter, base, new DesiredState(files, List.of("apps/web")), staged);

      TreeFormatter webAfter = new TreeFormatter();
      webAfter.append("a.yaml", FileMode.REGULAR_FILE, yaml);
      webAfter.append("run.sh", FileMode.REGULAR_FILE, script);
      TreeFormatter appsAfter = new TreeFormatter();
      appsAfter.append("empty", FileMode.TREE, empty);
      appsAfter.append("mod", FileMode.GITLINK, module);
      appsAfter.append("web", FileMode.TREE, inserter.insert(webAfter));
      appsAfter.append(nested, FileMode.REGULAR_FILE, file);
      TreeFormatter rootAfter = new TreeFormatter();
      rootAfter.append("apps", FileMode.TREE, inserter.insert(appsAfter));
      rootAfter.append("link", FileMode.SYMLINK, link);
      rootAfter.append(latin, FileMode.REGULAR_FILE, file);

      assertThat(rewrite.tree()).isEqualTo(inserter.insert(rootAfter));
      assertThat(rewrite.changes().added()).isEmpty();
      assertThat(rewrite.changes().modified()).containsExactly("apps/web/run.sh");
      assertThat(rewrite.changes().removed())
          .containsExactlyInAnyOrder(
              "apps/web/sub", "apps/web/" + RawParseUtils.decode(owned, 0, owned.length));
      assertThat(rewrite.replaced()).isEmpty();
    }
  }

  @Test
  void aFileAndADirectoryOfThePromotionAtOnePathAreRefusedNotWrittenAsTwoEntries()
      throws Exception {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId base = inserter.insert(new TreeFormatter());
      Map<String, ObjectId> staged = new TreeMap<>();
      staged.put("apps/web", blob(inserter, "an extra file aimed at the app's directory"));
      staged.put("apps/web/a.yaml", blob(inserter, "kind: Service"));
      Map<String, Path> files = new TreeMap<>();
      staged.keySet().forEach(f -> files.put(f, Path.of("unused")));
      DesiredState desired = new DesiredState(files, List.of("apps/web"));

      assertThatThrownBy(() -> TreeRewriter.rewrite(reader, inserter, base, desired, staged))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "the promotion writes both a file and a directory at 'apps/web'; give the extra"
                  + " file another target");
    }
  }

  private interface Rewriting {
    TreeRewriter.Rewrite run() throws Exception;
  }

  private static String outcome(Rewriting rewriting) throws Exception {
    try {
      TreeRewriter.Rewrite r = rewriting.run();
      return r.tree().name() + " " + r.changes() + " " + r.replaced();
    } catch (InvalidInputException e) {
      return "refused: " + e.getMessage();
    }
  }

  private static ObjectId blob(ObjectInserter inserter, String content) throws Exception {
    return inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomPath(Random random, int depth) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        path.append('/');
      }
      path.append(NAMES[random.nextInt(NAMES.length)]);
    }
    return path.toString();
  }

  private static ObjectId randomTree(ObjectInserter inserter, Random random) throws Exception {
    DirCache cache = DirCache.newInCore();
    DirCacheBuilder builder = cache.builder();
    Set<String> files = new HashSet<>();
    int count = random.nextInt(12);
    for (int i = 0; i < count; i++) {
      String path = randomPath(random, 1 + random.nextInt(3));
      if (conflicts(files, path)) {
        continue;
      }
      files.add(path);
      DirCacheEntry entry = new DirCacheEntry(path);
      entry.setFileMode(random.nextInt(6) == 0 ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
      entry.setObjectId(blob(inserter, "base " + random.nextInt(3)));
      builder.add(entry);
    }
    builder.finish();
    return cache.writeTree(inserter);
  }

  /** Whether {@code path} would be a file inside another file, or a file where a directory is. */
  private static boolean conflicts(Set<String> files, String path) {
    for (String file : files) {
      if (file.equals(path) || path.startsWith(file + "/") || file.startsWith(path + "/")) {
        return true;
      }
    }
    return false;
  }

  private static DesiredState randomDesired(Random random) {
    List<String> owned = new ArrayList<>();
    Map<String, Path> files = new TreeMap<>();
    Set<String> all = new HashSet<>();
    String dir = randomPath(random, 1 + random.nextInt(2));
    owned.add(dir);
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      String path = dir + "/" + randomPath(random, 1 + random.nextInt(2));
      if (!conflicts(all, path)) {
        all.add(path);
        files.put(path, Path.of("unused"));
      }
    }
    if (random.nextBoolean()) {
      // an extra file outside the owned directory
      String path = randomPath(random, 1 + random.nextInt(3));
      if (!path.startsWith(dir + "/") && !path.equals(dir) && !conflicts(all, path)) {
        all.add(path);
        files.put(path, Path.of("unused"));
      }
    }
    return new DesiredState(files, owned);
  }

  /** The former whole-tree rebuild through a DirCache: the reference for the tree surgery. */
  private static TreeRewriter.Rewrite wholeTree(
      ObjectReader reader,
      ObjectInserter inserter,
      AnyObjectId baseTree,
      DesiredState desired,
      Map<String, ObjectId> staged)
      throws Exception {
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
      DirCacheEntry entry = new DirCacheEntry(path);
      entry.setFileMode(FileMode.REGULAR_FILE);
      entry.setObjectId(file.getValue());
      builder.add(entry);
      DirCacheEntry old = previous.remove(path);
      if (old == null) {
        added.add(path);
      } else if (!old.getObjectId().equals(file.getValue())
          || old.getFileMode() != FileMode.REGULAR_FILE) {
        modified.add(path);
        if (old.getFileMode() == FileMode.REGULAR_FILE) {
          replaced.put(path, old.getObjectId());
        }
      }
    }
    List<String> removed = new ArrayList<>(previous.keySet());
    builder.finish();
    return new TreeRewriter.Rewrite(
        result.writeTree(inserter), new FileChanges(added, modified, removed), replaced);
  }
}
