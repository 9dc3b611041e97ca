package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.yaml.YamlTree.Mapping;
import io.gitopspipeline.yaml.YamlTree.Node;
import io.gitopspipeline.yaml.YamlTree.Scalar;
import io.gitopspipeline.yaml.YamlTree.Sequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Editing only the touched entries must give exactly what parsing the whole file gives: the same
 * text, the same reported changes, the same refusals. Every case here runs both ways.
 */
class EntryWindowsTest {
  private static final YamlLimits LIMITS = YamlLimits.DEFAULT;
  private static final List<String> VALUES =
      List.of("v2", "1.10", "yes", "", "a: b", "two\nlines", "it's", "7", "ünï 🎉");

  private final TextEditor whole = new TextEditor(LIMITS, Integer.MAX_VALUE);
  private final TextEditor windowed = new TextEditor(LIMITS, 0);
  private final EntryWindows windows = new EntryWindows(whole, LIMITS, 0);

  /** The text and changes, or the error, of one edit. */
  private static Object outcome(TextEditor editor, String yaml, List<ValueUpdate> updates) {
    try {
      return editor.set(yaml, null, updates, false);
    } catch (GitOpsException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** Asserts both ways agree; returns whether the windows were used. */
  private boolean agree(String yaml, List<ValueUpdate> updates) {
    Object expected = outcome(whole, yaml, updates);
    assertThat(outcome(windowed, yaml, updates))
        .as("edit %s of:\n%s", updates, yaml)
        .isEqualTo(expected);
    return windows.set(yaml, null, updates, false) != null;
  }

  private static String sample() {
    return "# values\n"
        + "global:\n"
        + "  registry: ghcr.io   # default\n"
        + "  labels: {team: a, tier: \"web\"}\n"
        + "\n"
        + "web:\n"
        + "  image:\n"
        + "    repository: ghcr.io/acme/web\n"
        + "    tag: \"1.9\"\n"
        + "  # resources are set per environment\n"
        + "  resources:\n"
        + "    limits: {cpu: 200m, memory: 256Mi}\n"
        + "  env:\n"
        + "  - name: MODE\n"
        + "    value: 'production'\n"
        + "  config: |\n"
        + "    listen=:8080\n"
        + "    a: \"not yaml\n"
        + "\n"
        + "worker:\n"
        + "  image:\n"
        + "    repository: ghcr.io/acme/worker\n"
        + "    tag: 2.0.1\n"
        + "  replicas: 3\n"
        + "  enabled: true\n"
        + "'quoted.key':\n"
        + "  inner: x\n"
        + "last: end";
  }

  @Test
  void editsInsideOneEntryMatchTheWholeFileEditAndUseTheWindows() {
    String yaml = sample();
    for (String path : leaves(yaml)) {
      for (String value : VALUES) {
        assertThat(agree(yaml, List.of(ValueUpdate.of(path, value))))
            .as("windowed edit of %s", path)
            .isTrue();
      }
    }
  }

  @Test
  void severalEditsAcrossEntriesMatchInOneGo() {
    String yaml = sample();
    List<ValueUpdate> updates =
        List.of(
            ValueUpdate.of("worker.image.tag", "2.1.0"),
            ValueUpdate.of("web.image.tag", "1.10"),
            ValueUpdate.of("web.image.repository", "ghcr.io/acme/web2"),
            ValueUpdate.of("web.env[name=MODE].value", "staging"),
            ValueUpdate.of("last", "tail"),
            ValueUpdate.of("quoted\\.key.inner", "y"));

    assertThat(agree(yaml, updates)).isTrue();
    TextEditor.Result result = windows.set(yaml, null, updates, false);
    assertThat(result.changes())
        .extracting(Change::path, Change::line)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("worker.image.tag", 23),
            org.assertj.core.groups.Tuple.tuple("web.image.tag", 9),
            org.assertj.core.groups.Tuple.tuple("web.image.repository", 8),
            org.assertj.core.groups.Tuple.tuple("web.env[name=MODE].value", 15),
            org.assertj.core.groups.Tuple.tuple("last", 28),
            org.assertj.core.groups.Tuple.tuple("quoted\\.key.inner", 27));
  }

  @Test
  void crlfFilesMatch() {
    String yaml = sample().replace("\n", "\r\n");
    for (String path : leaves(yaml)) {
      assertThat(agree(yaml, List.of(ValueUpdate.of(path, "new")))).isTrue();
    }
  }

  @Test
  void newLinesOfAnEntryUseTheFilesLineBreaksNotTheEntrysOwn() {
    String yaml = "a: 1\nb:\r\n  script: |\r\n    old\r\n";

    assertThat(agree(yaml, List.of(ValueUpdate.of("b.script", "one\ntwo\n")))).isTrue();
  }

  @Test
  void anIndentlessSequenceBelongsToItsKey() {
    String yaml = "a:\n- x\n- y: 1\n  z: 2\nb: 3\n";

    assertThat(agree(yaml, List.of(ValueUpdate.of("a[1].z", "9")))).isTrue();
    assertThat(agree(yaml, List.of(ValueUpdate.of("a", "scalar")))).isFalse();
    assertThat(agree(yaml, List.of(ValueUpdate.of("b", "4")))).isTrue();
  }

  @Test
  void aMissingKeyFailsWithTheWholeFileMessage() {
    String yaml = sample();

    assertThat(agree(yaml, List.of(ValueUpdate.of("web.image.digest", "sha256:x")))).isFalse();
    assertThat(agree(yaml, List.of(ValueUpdate.of("nothing.here", "x")))).isFalse();
    assertThatThrownBy(
            () -> windowed.set(yaml, null, List.of(ValueUpdate.of("web.image.digest", "x")), false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("web.image");
  }

  @Test
  void createsMissingKeysThroughTheWholeFile() {
    String yaml = sample();

    assertThat(agree(yaml, List.of(new ValueUpdate("web.image.digest", "sha256:x", true))))
        .isFalse();
    assertThat(agree(yaml, List.of(new ValueUpdate("web.image.tag", "1.11", true)))).isTrue();
  }

  @Test
  void anchorsAndAliasesInAnEntryLeaveItToTheWholeFile() {
    String yaml =
        "base: &base\n  tag: 1\nweb:\n  <<: *base\n  name: web\nother:\n  tag: &t 2\n"
            + "copy: *t\nfree:\n  tag: 3\n";

    assertThat(agree(yaml, List.of(ValueUpdate.of("base.tag", "2")))).isFalse();
    assertThat(agree(yaml, List.of(ValueUpdate.of("web.name", "x")))).isFalse();
    assertThat(agree(yaml, List.of(ValueUpdate.of("other.tag", "5")))).isFalse();
    assertThat(agree(yaml, List.of(ValueUpdate.of("free.tag", "4")))).isTrue();
  }

  @Test
  void duplicateAndEscapedKeysLeaveItToTheWholeFile() {
    assertThat(agree("a:\n  b: 1\na:\n  b: 2\n", List.of(ValueUpdate.of("a.b", "3")))).isFalse();
    assertThat(agree("\"a\\x62\": 1\nab: 2\n", List.of(ValueUpdate.of("ab", "3")))).isFalse();
    assertThat(agree("a:\n  \"b\\x63\": 1\n  bb: 2\n", List.of(ValueUpdate.of("a.bb", "3"))))
        .isTrue(); // the window is the whole of 'a', which the parser reads
  }

  @Test
  void aBlockScalarValueIsEditedWithItsBody() {
    String yaml = "a:\n  script: |\n    echo \"hi\n    b: 1\n  after: x\nc: 2\n";
    for (String value : VALUES) {
      assertThat(agree(yaml, List.of(ValueUpdate.of("a.script", value)))).isTrue();
      assertThat(agree(yaml, List.of(ValueUpdate.of("a.after", value)))).isTrue();
    }
  }

  @Test
  void multiLinePlainScalarsMatch() {
    String yaml = "a:\n  text: one\n    two\n    three\n  next: 1\nb: x\n";
    assertThat(agree(yaml, List.of(ValueUpdate.of("a.text", "four")))).isTrue();
    assertThat(agree(yaml, List.of(ValueUpdate.of("a.next", "2")))).isTrue();
  }

  /**
   * An error in an entry the edit does not touch is not reported: the windows never read it, and it
   * stays exactly as it was. The whole-file edit refuses the file.
   */
  @Test
  void anInvalidEntryElsewhereIsLeftAsItWas() throws Exception {
    String yaml = "broken:\n  a: 1\n   b: 2\nweb:\n  tag: 1.9\n";

    TextEditor.Result result =
        windowed.set(yaml, null, List.of(ValueUpdate.of("web.tag", "2.0")), false);

    assertThat(result.text()).isEqualTo(yaml.replace("1.9", "2.0"));
    assertThatThrownBy(() -> whole.set(yaml, null, List.of(ValueUpdate.of("web.tag", "2")), false))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theNestingLimitCountsTheLevelsAboveTheEntry() {
    YamlLimits shallow = new YamlLimits(1 << 20, 3, 10, 1000);
    String yaml = "a:\n  b:\n    c:\n      d: 1\nz: 1\n";

    assertThatThrownBy(
            () ->
                new TextEditor(shallow, 0)
                    .set(yaml, null, List.of(ValueUpdate.of("a.b.c.d", "2")), false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("deeper than the limit of 3");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: \"foo\nb: bar\"\nb: 1\n",
        "a: [1,\nb: 2]\nb: 1\n",
        "---\na: 1\nb: 1\n",
        "a: 1\n---\nb: 1\n",
        "  b: 1\n  c: 2\n",
        "b: 1\n\tc: 2\n",
      })
  void whatTheOutlineCannotProveGoesToTheWholeFile(String yaml) {
    assertThat(agree(yaml, List.of(ValueUpdate.of("b", "2")))).isFalse();
  }

  static Stream<Path> goldenInputs() throws Exception {
    Path root = Path.of(EntryWindowsTest.class.getResource("/yaml/golden").toURI());
    return Files.list(root).map(p -> p.resolve("input.yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("goldenInputs")
  void everyValueOfTheGoldenFilesMatches(Path input) throws Exception {
    YamlFiles.Source source = YamlFiles.decode(input, Files.readAllBytes(input));
    String yaml = source.text();
    List<String> paths;
    try {
      paths = leaves(yaml);
    } catch (AssertionError multipleDocuments) {
      return;
    }
    for (String path : paths) {
      for (String value : VALUES) {
        agree(yaml, List.of(ValueUpdate.of(path, value)));
      }
    }
  }

  @Test
  void aLargeValuesFileIsEditedThroughTheWindows() throws Exception {
    StringBuilder yaml = new StringBuilder("# large\nservices:\n");
    for (int i = 0; yaml.length() < 200_000; i++) {
      yaml.append("  svc")
          .append(i)
          .append(":\n    image:\n      tag: \"1.")
          .append(i)
          .append("\"  # tag\n    limits: {cpu: 1}\n    script: |\n      run ")
          .append(i)
          .append("\n");
    }
    String text = yaml.toString();
    List<ValueUpdate> updates =
        List.of(
            ValueUpdate.of("services.svc17.image.tag", "9.9"),
            ValueUpdate.of("services.svc1700.limits.cpu", "2"));

    assertThat(agree(text, updates)).isTrue();
    assertThat(new TextEditor(LIMITS).set(text, null, updates, false).text())
        .isEqualTo(
            text.replace("tag: \"1.17\"", "tag: \"9.9\"")
                .replace(
                    "svc1700:\n    image:\n      tag: \"1.1700\"  # tag\n    limits: {cpu: 1}",
                    "svc1700:\n    image:\n      tag: \"1.1700\"  # tag\n    limits: {cpu: 2}"));
  }

  // ---------------------------------------------------------------- helpers

  /** The path of every scalar value of a one-document text (keys escaped for the path syntax). */
  static List<String> leaves(String yaml) {
    List<YamlTree.Document> documents;
    try {
      documents = YamlTree.parse(yaml, LIMITS);
      assertThat(documents).hasSize(1);
    } catch (InvalidInputException e) {
      throw new AssertionError(e);
    }
    List<String> out = new ArrayList<>();
    walk(documents.get(0).root(), "", out);
    return out;
  }

  private static void walk(Node node, String path, List<String> out) {
    if (node instanceof Scalar) {
      if (!path.isEmpty()) {
        out.add(path);
      }
    } else if (node instanceof Mapping mapping) {
      for (int i = 0; i < mapping.keys.size(); i++) {
        if (mapping.keys.get(i) instanceof Scalar key) {
          String name = new YamlPath.Key(key.value).toString();
          walk(mapping.values.get(i), path.isEmpty() ? name : path + "." + name, out);
        }
      }
    } else if (node instanceof Sequence sequence) {
      for (int i = 0; i < sequence.items.size(); i++) {
        walk(sequence.items.get(i), path + "[" + i + "]", out);
      }
    }
  }
}
