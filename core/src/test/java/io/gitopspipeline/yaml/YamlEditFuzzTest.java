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
   * The lexical outline agrees with the parser wherever both accept the text: a line the outline
   * calls a key line starts a real key, with the same name at the same column, and an entry ends at
   * the line of the next key of its mapping.
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
    java.util.Map<Integer, YamlTree.Node> keys = new java.util.HashMap<>();
    for (YamlTree.Document document : documents) {
      collectKeys(yaml, document.root(), keys);
    }
    for (int l = 0; l < outline.lines(); l++) {
      if (outline.kind(l) == BlockOutline.KEY) {
        YamlTree.Node key = keys.get(l);
        assertThat(key).as("line %d starts a key", l + 1).isNotNull();
        assertThat(outline.indent(l)).isEqualTo(column(yaml, key.start));
        String name = outline.key(l);
        if (name != null && key instanceof YamlTree.Scalar scalar) {
          assertThat(name).isEqualTo(scalar.value);
        }
      }
    }
    for (YamlTree.Document document : documents) {
      checkEntries(yaml, outline, document.root());
    }
  }

  /** The first key starting on each line. */
  private static void collectKeys(
      String yaml, YamlTree.Node node, java.util.Map<Integer, YamlTree.Node> keys) {
    if (node instanceof YamlTree.Mapping mapping) {
      for (YamlTree.Node key : mapping.keys) {
        keys.putIfAbsent(lineOf(yaml, key.start), key);
        collectKeys(yaml, key, keys);
      }
      mapping.values.forEach(v -> collectKeys(yaml, v, keys));
    } else if (node instanceof YamlTree.Sequence sequence) {
      sequence.items.forEach(v -> collectKeys(yaml, v, keys));
    }
  }

  private static void checkEntries(String yaml, BlockOutline outline, YamlTree.Node node) {
    if (node instanceof YamlTree.Mapping mapping) {
      for (int i = 0; !mapping.flow && i + 1 < mapping.keys.size(); i++) {
        int line = lineOf(yaml, mapping.keys.get(i).start);
        int next = lineOf(yaml, mapping.keys.get(i + 1).start);
        if (outline.kind(line) == BlockOutline.KEY && outline.kind(next) == BlockOutline.KEY) {
          assertThat(outline.entryEnd(line))
              .as("the entry of line %d ends at the next key", line + 1)
              .isEqualTo(next);
        }
      }
      mapping.values.forEach(v -> checkEntries(yaml, outline, v));
    } else if (node instanceof YamlTree.Sequence sequence) {
      sequence.items.forEach(v -> checkEntries(yaml, outline, v));
    }
  }

  /** The 0-based line of an offset, as the outline counts lines. */
  private static int lineOf(String text, int offset) {
    return TextEditor.lineOf(text, offset) - 1;
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
