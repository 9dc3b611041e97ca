package io.gitopspipeline.repo;

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

class UnifiedDiffTest {
  private final InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription());

  private ObjectId tree(ObjectInserter inserter, String name, String content) throws Exception {
    ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
    TreeFormatter formatter = new TreeFormatter();
    formatter.append(name, FileMode.REGULAR_FILE, blob);
    return inserter.insert(formatter);
  }

  @Test
  void printsTheChangedLinesAsGitDoes() throws Exception {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId before = tree(inserter, "deployment.yaml", "image: app:1.0\nreplicas: 2\n");
      ObjectId after = tree(inserter, "deployment.yaml", "image: app:1.1\nreplicas: 2\n");

      String diff = UnifiedDiff.between(reader, before, after);

      assertThat(diff)
          .startsWith("diff --git a/deployment.yaml b/deployment.yaml\n")
          .contains("-image: app:1.0\n+image: app:1.1\n replicas: 2\n");
    }
  }

  @Test
  void cutsALargeDiffAtALineAndSaysHowMuchIsMissing() throws Exception {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      big.append("line ").append(i).append('\n');
    }
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId before = tree(inserter, "a.yaml", "");
      ObjectId after = tree(inserter, "a.yaml", big.toString());

      String diff = UnifiedDiff.between(reader, before, after);

      assertThat(diff.length()).isLessThan(UnifiedDiff.MAX_BYTES + 200);
      assertThat(diff)
          .containsPattern("\\n\\.\\.\\. \\(diff cut at 256 KiB; \\d+ more bytes\\)\\n$");
      assertThat(diff.substring(0, diff.lastIndexOf("..."))).endsWith("\n");
    }
  }

  private static final String SECRET =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
          + "stringData:\n  password: %s\n  user: app\n";

  @Test
  void secretValuesAreHiddenOnBothSidesAndKeysStay() throws Exception {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId before =
          tree(inserter, "secret-db.yaml", SECRET.formatted("old-hunter2") + "type: Opaque\n");
      ObjectId after =
          tree(inserter, "secret-db.yaml", SECRET.formatted("new-hunter3") + "type: Other\n");

      String diff = UnifiedDiff.between(reader, before, after);

      assertThat(diff)
          .startsWith("diff --git a/secret-db.yaml b/secret-db.yaml\n")
          .contains("password: <redacted>")
          .contains("-type: Opaque\n+type: Other")
          .doesNotContain("hunter")
          .doesNotContain("user: app");
    }
  }

  @Test
  void aSecretWhoseOnlyValuesChangedSaysSoWithoutShowingThem() throws Exception {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId before = tree(inserter, "secret-db.yaml", SECRET.formatted("old-hunter2"));
      ObjectId after = tree(inserter, "secret-db.yaml", SECRET.formatted("new-hunter3"));

      String diff = UnifiedDiff.between(reader, before, after);

      assertThat(diff).contains("only Secret values changed").doesNotContain("hunter");
    }
  }

  @Test
  void anAddedSecretShowsOnlyItsKeys() throws Exception {
    try (ObjectInserter inserter = repo.newObjectInserter();
        ObjectReader reader = inserter.newReader()) {
      ObjectId before = tree(inserter, "a.yaml", "a: 1\n");
      ObjectInserter same = inserter;
      ObjectId blob =
          same.insert(
              Constants.OBJ_BLOB,
              SECRET.formatted("added-hunter4").getBytes(StandardCharsets.UTF_8));
      ObjectId aBlob = same.insert(Constants.OBJ_BLOB, "a: 1\n".getBytes(StandardCharsets.UTF_8));
      TreeFormatter formatter = new TreeFormatter();
      formatter.append("a.yaml", FileMode.REGULAR_FILE, aBlob);
      formatter.append("secret-db.yaml", FileMode.REGULAR_FILE, blob);
      ObjectId after = same.insert(formatter);

      String diff = UnifiedDiff.between(reader, before, after);

      assertThat(diff)
          .contains("--- /dev/null\n+++ b/secret-db.yaml")
          .contains("+  password: <redacted>")
          .doesNotContain("hunter");
    }
  }
}
