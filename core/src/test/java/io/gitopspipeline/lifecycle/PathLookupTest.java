package io.gitopspipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;

/**
 * What counts as a change of one path between two root trees, as {@code git log -- PATH} sees it.
 */
class PathLookupTest {
  private final InMemoryRepository repository =
      new InMemoryRepository(new DfsRepositoryDescription("path-lookup"));

  private ObjectId tree(ObjectInserter inserter, FileMode mode, ObjectId blob) throws Exception {
    TreeFormatter env = new TreeFormatter();
    env.append("run.sh", mode, blob);
    TreeFormatter app = new TreeFormatter();
    app.append("dev", FileMode.TREE, inserter.insert(env));
    TreeFormatter root = new TreeFormatter();
    root.append("web", FileMode.TREE, inserter.insert(app));
    return inserter.insert(root);
  }

  @Test
  void aModeChangeAloneIsAChangeOfAFilePathAndOfItsDirectory() throws Exception {
    try (ObjectInserter inserter = repository.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId blob =
          inserter.insert(Constants.OBJ_BLOB, "echo hi\n".getBytes(StandardCharsets.UTF_8));
      ObjectId plain = tree(inserter, FileMode.REGULAR_FILE, blob);
      ObjectId executable = tree(inserter, FileMode.EXECUTABLE_FILE, blob);
      ObjectId again = tree(inserter, FileMode.REGULAR_FILE, blob);

      assertThat(new PathLookup("web/dev/run.sh", reader).differs(executable, plain)).isTrue();
      assertThat(new PathLookup("web/dev", reader).differs(executable, plain)).isTrue();
      assertThat(new PathLookup("web/dev/run.sh", reader).differs(again, plain)).isFalse();
      assertThat(new PathLookup("web/dev/run.sh", reader).differs(plain, null)).isTrue();
      assertThat(new PathLookup("web/other", reader).differs(executable, plain)).isFalse();
    }
  }
}
