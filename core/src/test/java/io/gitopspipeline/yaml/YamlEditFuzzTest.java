package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Arbitrary YAML, paths and values through the edit path: only our own errors, and every edit that
 * succeeds is verified again here (the value reads back, a repeat edit changes nothing). Input:
 * {@code PATH \0 VALUE \0 YAML}; a path starting with {@code +} creates. In the normal build this
 * replays the seeds under {@code YamlEditFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class YamlEditFuzzTest {
  private static final YamlLimits LIMITS = new YamlLimits(64 * 1024, 64, 256, 100_000);

  @FuzzTest(maxDuration = "30s")
  void editsOnlyFailWithOurOwnErrors(byte[] data) throws Exception {
    String[] parts = new String(data, StandardCharsets.UTF_8).split("\0", 3);
    if (parts.length < 3) {
      return;
    }
    boolean create = parts[0].startsWith("+");
    String path = create ? parts[0].substring(1) : parts[0];
    String value = parts[1];
    String yaml = parts[2];
    YamlEditor editor = new YamlEditor(LIMITS);
    String edited;
    try {
      edited = editor.set(yaml, null, List.of(new ValueUpdate(path, value, create)));
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    } catch (GitOpsException e) {
      // the diff guard refused: safe (nothing written), but it must say so
      assertThat(e.getMessage()).startsWith("refusing to write the YAML edit");
      return;
    }
    List<YamlTree.Document> documents = YamlTree.parse(edited, LIMITS);
    YamlTree.Document document = DocumentSelector.select(documents, null);
    Paths.Found found = new Paths(edited, document).find(YamlPath.parse(path), false);
    assertThat(found.scalar().value).isEqualTo(value);
    assertThat(editor.set(edited, null, List.of(ValueUpdate.of(path, value)))).isEqualTo(edited);
  }

  /**
   * Editing only the touched entries ({@link EntryWindows}) never disagrees with the whole-file
   * edit on text the whole-file parse accepts: the same text and changes, or the same refusal.
   * Input: {@code PATH \0 VALUE \0 YAML}, several paths separated by {@code \1}.
   */
  @FuzzTest(maxDuration = "30s")
  void entryWindowsAgreeWithTheWholeFile(byte[] data) throws Exception {
    String[] parts = new String(data, StandardCharsets.UTF_8).split("\0", 3);
    if (parts.length < 3) {
      return;
    }
    List<ValueUpdate> updates = new java.util.ArrayList<>();
    for (String path : parts[0].split("\1")) {
      if (!path.isEmpty()) {
        updates.add(ValueUpdate.of(path, parts[1]));
      }
    }
    if (updates.isEmpty()) {
      return;
    }
    String yaml = parts[2];
    TextEditor whole = new TextEditor(LIMITS, Integer.MAX_VALUE);
    TextEditor.Result windowed;
    try {
      windowed = new EntryWindows(whole, LIMITS, 0).set(yaml, null, updates, false);
    } catch (RuntimeException e) {
      throw new AssertionError("entry windows crashed", e);
    }
    if (windowed == null) {
      return;
    }
    TextEditor.Result expected;
    try {
      expected = whole.set(yaml, null, updates, false);
    } catch (InvalidInputException e) {
      try {
        YamlTree.parse(yaml, LIMITS);
      } catch (InvalidInputException invalidElsewhere) {
        return; // the windows vouch only for the entries they edit, which parse on their own
      }
      throw new AssertionError("whole-file edit refused what the windows edited: " + e, e);
    }
    assertThat(windowed).isEqualTo(expected);
  }

  /**
   * The lexical outline agrees with the parser wherever both accept the text: every key of a block
   * mapping that starts its line is a key line at its column with the same name, its entry ends at
   * the next key's line, and at the root no other line at column 0 claims to be a key.
   */
  @FuzzTest(maxDuration = "30s")
  void outlineAgreesWithTheParser(byte[] data) {
    String yaml = new String(data, StandardCharsets.UTF_8);
    BlockOutline outline = BlockOutline.read(yaml);
    if (outline == null) {
      return;
    }
    List<YamlTree.Document> documents;
    try {
      documents = YamlTree.parse(yaml, LIMITS);
    } catch (InvalidInputException e) {
      return;
    }
    if (documents.size() != 1 || !(documents.get(0).root() instanceof YamlTree.Mapping root)) {
      return;
    }
    if (!root.flow) {
      java.util.Set<Integer> keyLines = new java.util.HashSet<>();
      for (YamlTree.Node key : root.keys) {
        keyLines.add(lineOf(yaml, key.start));
      }
      for (int l = 0; l < outline.lines(); l++) {
        if (outline.kind(l) == BlockOutline.KEY && outline.indent(l) == 0) {
          assertThat(keyLines).as("line %d is a root key", l + 1).contains(l);
        }
      }
    }
    check(yaml, outline, root);
  }

  private static void check(String yaml, BlockOutline outline, YamlTree.Node node) {
    if (node instanceof YamlTree.Mapping mapping) {
      boolean ownLines = !mapping.flow;
      for (YamlTree.Node key : mapping.keys) {
        ownLines &= yaml.substring(TextEditor.lineStart(yaml, key.start), key.start).isBlank();
      }
      for (int i = 0; ownLines && i < mapping.keys.size(); i++) {
        YamlTree.Node key = mapping.keys.get(i);
        int line = lineOf(yaml, key.start);
        assertThat(outline.kind(line))
            .as("line %d holds a key", line + 1)
            .isEqualTo(BlockOutline.KEY);
        assertThat(outline.indent(line)).isEqualTo(column(yaml, key.start));
        String name = outline.key(line);
        if (name != null && key instanceof YamlTree.Scalar scalar) {
          assertThat(name).isEqualTo(scalar.value);
        }
        if (i + 1 < mapping.keys.size()) {
          assertThat(outline.entryEnd(line))
              .as("the entry of line %d ends at the next key", line + 1)
              .isEqualTo(lineOf(yaml, mapping.keys.get(i + 1).start));
        }
      }
      mapping.values.forEach(v -> check(yaml, outline, v));
    } else if (node instanceof YamlTree.Sequence sequence) {
      sequence.items.forEach(v -> check(yaml, outline, v));
    }
  }

  private static int lineOf(String text, int offset) {
    int line = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int column(String text, int offset) {
    return offset - TextEditor.lineStart(text, offset);
  }

  @FuzzTest(maxDuration = "30s")
  void imageEditsOnlyFailWithOurOwnErrors(byte[] data) throws Exception {
    String[] parts = new String(data, StandardCharsets.UTF_8).split("\0", 2);
    if (parts.length < 2) {
      return;
    }
    TextEditor editor = new TextEditor(LIMITS);
    try {
      KustomizeImage image = KustomizeImage.parse(parts[0]);
      new KustomizeImages(editor, LIMITS).apply(parts[1], image);
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).isNotBlank();
    } catch (GitOpsException e) {
      assertThat(e.getMessage()).startsWith("refusing to write the YAML edit");
    }
    try {
      ImagePolicyMarkers markers =
          new ImagePolicyMarkers(Map.of("ns:app", "ghcr.io/org/app:1.0@sha256:" + "a".repeat(64)));
      List<YamlTree.Document> documents = YamlTree.parse(parts[1], LIMITS);
      editor.apply(parts[1], documents, markers.plan(parts[1], documents), List.of(), List.of());
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).isNotBlank();
    } catch (GitOpsException e) {
      assertThat(e.getMessage()).startsWith("refusing to write the YAML edit");
    }
  }
}
