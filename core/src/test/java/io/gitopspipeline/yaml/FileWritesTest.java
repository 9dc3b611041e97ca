package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWritesTest {
  private final YamlEditor editor = new YamlEditor();

  @TempDir Path dir;

  @Test
  void planningWritesNothingAndShowsAUnifiedDiff() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "image:\n  tag: v1 # pinned\n");

    FileEdit edit = editor.set(file, null, List.of(ValueUpdate.of("image.tag", "v2")));

    assertThat(Files.readString(file)).isEqualTo("image:\n  tag: v1 # pinned\n");
    assertThat(edit.unifiedDiff())
        .isEqualTo(
            "--- a/"
                + file
                + "\n+++ b/"
                + file
                + "\n@@ -1,2 +1,2 @@\n image:\n-  tag: v1 # pinned\n+  tag: v2 # pinned\n");
    assertThat(edit.changes()).containsExactly(new Change(0, "image.tag", 2, "v1", "v2", null));
  }

  @Test
  void writeReplacesTheFileAndKeepsItsPermissionsAndTheSymlink() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "tag: v1\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Path link = dir.resolve("link.yaml");
    Files.createSymbolicLink(link, file.getFileName());

    editor.setAndWrite(link, null, List.of(ValueUpdate.of("tag", "v2")));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(file)).isEqualTo("tag: v2\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(2); // no temporary file left behind
    }
  }

  @Test
  void refusesToWriteWhenTheFileChangedSincePlanning() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "tag: v1\n");
    FileEdit edit = editor.set(file, null, List.of(ValueUpdate.of("tag", "v2")));
    Files.writeString(file, "tag: v1\nother: x\n");

    assertThatThrownBy(() -> editor.write(edit))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("changed while it was being edited");
    assertThat(Files.readString(file)).isEqualTo("tag: v1\nother: x\n");
  }

  @Test
  void keepsAByteOrderMark() throws Exception {
    Path file = dir.resolve("values.yaml");
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    Files.write(file, concat(bom, "tag: v1\n".getBytes(StandardCharsets.UTF_8)));

    editor.setAndWrite(file, null, List.of(ValueUpdate.of("tag", "v2")));

    assertThat(Files.readAllBytes(file))
        .isEqualTo(concat(bom, "tag: v2\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rejectsFilesThatAreNotUtf8OrTooLarge() throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "a: " + "x".repeat(200) + "\n");

    assertThatThrownBy(() -> editor.set(latin1, null, List.of(ValueUpdate.of("a", "b"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not valid UTF-8");
    assertThatThrownBy(
            () ->
                new YamlEditor(new YamlLimits(100, 10, 10, 100))
                    .set(big, null, List.of(ValueUpdate.of("a", "b"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("size limit");
  }

  @Test
  void aFailedEditLeavesTheFileUntouched() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "a: 1\n");

    assertThatThrownBy(
            () ->
                editor.setAndWrite(
                    file, null, List.of(ValueUpdate.of("a", "2"), ValueUpdate.of("b", "3"))))
        .isInstanceOf(InvalidInputException.class);
    assertThat(Files.readString(file)).isEqualTo("a: 1\n");
  }

  @Test
  void setsHelmImageValuesAsStrings() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "image:\n  repository: app\n  tag: 1.9 # float in YAML\n");

    FileEdit edit =
        editor.setImageValues(
            file, null, ImageValuePaths.CONVENTIONAL, "ghcr.io/org/app", "1.10", null, false);

    assertThat(edit.updatedText())
        .isEqualTo("image:\n  repository: ghcr.io/org/app\n  tag: \"1.10\" # float in YAML\n");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
