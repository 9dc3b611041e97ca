package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueEditsTest {
  private final YamlEditor editor = new YamlEditor();

  private String set(String yaml, String path, String value) throws GitOpsException {
    return editor.set(yaml, null, List.of(ValueUpdate.of(path, value)));
  }

  /** snakeyaml-engine 2.10 crashed when a surrogate pair straddled its 1,024-char buffer. */
  @Test
  void readsAnEmojiWhereverItFallsInTheText() throws Exception {
    for (int at = 1020; at < 1030; at++) {
      String yaml = "# " + "x".repeat(at - 2) + "\uD83C\uDF89\ntag: v1\n";

      assertThat(set(yaml, "tag", "v2")).isEqualTo(yaml.replace("v1", "v2"));
    }
  }

  @Test
  void changesOnlyTheTargetedScalar() throws Exception {
    String yaml =
        "# top comment\n"
            + "image:\n"
            + "  repository: ghcr.io/org/app   # where\n"
            + "\n"
            + "  tag: \"1.9\"    # the tag\n"
            + "replicas: 3\n";

    String edited = set(yaml, "image.tag", "1.10");

    assertThat(edited).isEqualTo(yaml.replace("\"1.9\"", "\"1.10\""));
  }

  @Test
  void quotesAValueWhosePlainFormWouldChangeItsType() throws Exception {
    String yaml = "tag: latest\n";

    assertThat(set(yaml, "tag", "1.10")).isEqualTo("tag: \"1.10\"\n");
    assertThat(set(yaml, "tag", "yes")).isEqualTo("tag: \"yes\"\n");
    assertThat(set(yaml, "tag", "null")).isEqualTo("tag: \"null\"\n");
    assertThat(set(yaml, "tag", "a: b")).isEqualTo("tag: \"a: b\"\n");
    assertThat(set(yaml, "tag", "*star")).isEqualTo("tag: \"*star\"\n");
    assertThat(set(yaml, "tag", "&anchor")).isEqualTo("tag: \"&anchor\"\n");
    assertThat(set(yaml, "tag", "!bang")).isEqualTo("tag: \"!bang\"\n");
    assertThat(set(yaml, "tag", "2024-01-01")).isEqualTo("tag: \"2024-01-01\"\n");
    assertThat(set(yaml, "tag", "v1.2.3")).isEqualTo("tag: v1.2.3\n");
  }

  @Test
  void keepsNumbersAndBooleansPlainWhenTheTypeStaysTheSame() throws Exception {
    assertThat(set("replicas: 3\n", "replicas", "5")).isEqualTo("replicas: 5\n");
    assertThat(set("enabled: true\n", "enabled", "false")).isEqualTo("enabled: false\n");
    assertThat(set("replicas: 3\n", "replicas", "three")).isEqualTo("replicas: three\n");
  }

  @Test
  void keepsSingleAndDoubleQuoting() throws Exception {
    assertThat(set("a: 'x'\n", "a", "it's")).isEqualTo("a: 'it''s'\n");
    assertThat(set("a: \"x\"\n", "a", "say \"hi\"")).isEqualTo("a: \"say \\\"hi\\\"\"\n");
    assertThat(set("a: x\n", "a", "two\nlines")).isEqualTo("a: \"two\\nlines\"\n");
  }

  @Test
  void keepsCrlfLineEndingsAndTrailingWhitespace() throws Exception {
    String yaml = "a: 1  \r\nb: old \r\nc: 3\r\n";

    assertThat(set(yaml, "b", "new")).isEqualTo("a: 1  \r\nb: new \r\nc: 3\r\n");
  }

  @Test
  void findsListItemsByIndexAndByField() throws Exception {
    String yaml =
        "spec:\n"
            + "  containers:\n"
            + "  - name: sidecar\n"
            + "    image: envoy:1\n"
            + "  - name: app\n"
            + "    image: app:1\n";

    assertThat(set(yaml, "spec.containers[name=app].image", "app:2"))
        .isEqualTo(yaml.replace("app:1", "app:2"));
    assertThat(set(yaml, "spec.containers.0.image", "envoy:2"))
        .isEqualTo(yaml.replace("envoy:1", "envoy:2"));
    assertThat(set(yaml, "spec.containers[1].image", "app:3"))
        .isEqualTo(yaml.replace("app:1", "app:3"));
  }

  @Test
  void escapedDotsNameKeysThatContainDots() throws Exception {
    String yaml = "metadata:\n  annotations:\n    example.com/team: a # owner\n";

    assertThat(set(yaml, "metadata.annotations.example\\.com/team", "b"))
        .isEqualTo("metadata:\n  annotations:\n    example.com/team: b # owner\n");
  }

  @Test
  void editsFlowStyleCollections() throws Exception {
    String yaml = "image: {repository: app, tag: v1}\nports: [80, 443]\n";

    assertThat(set(yaml, "image.tag", "a,b"))
        .isEqualTo("image: {repository: app, tag: \"a,b\"}\nports: [80, 443]\n");
    assertThat(set(yaml, "ports.1", "8443"))
        .isEqualTo("image: {repository: app, tag: v1}\nports: [80, 8443]\n");
  }

  @Test
  void rewritesLiteralBlockScalarsInBlockStyle() throws Exception {
    String yaml = "config: |\n  a=1\n  b=2\n\nnext: x\n";

    assertThat(set(yaml, "config", "a=3\nb=4\nc=5\n"))
        .isEqualTo("config: |\n  a=3\n  b=4\n  c=5\n\nnext: x\n");
    assertThat(set(yaml, "config", "one")).isEqualTo("config: |-\n  one\n\nnext: x\n");
  }

  @Test
  void quotesABlockScalarValueThatBlockStyleCannotHoldAndKeepsItsLineBreaks() throws Exception {
    String yaml = "a:\n  b: | # text\n    line1\n    line2\n\n  c: 1\n";

    assertThat(set(yaml, "a.b", "")).isEqualTo("a:\n  b: \"\" # text\n\n  c: 1\n");
    assertThat(set(yaml, "a.b", " lead")).isEqualTo("a:\n  b: \" lead\" # text\n\n  c: 1\n");
  }

  @Test
  void namesTheDeepestExistingKeyWhenAPathIsMissing() {
    String yaml = "image:\n  repository: app\n";

    assertThatThrownBy(() -> set(yaml, "image.tag", "1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'image' exists but has no key 'tag'")
        .hasMessageContaining("repository");
  }

  @Test
  void createsMissingKeysWithTheSurroundingIndentation() throws Exception {
    String yaml = "image:\n    repository: app # r\n# after\nother: 1\n";

    String edited =
        editor.set(yaml, null, List.of(new ValueUpdate("image.pull.policy", "Always", true)));

    assertThat(edited)
        .isEqualTo(
            "image:\n    repository: app # r\n    pull:\n        policy: Always\n# after\nother: 1\n");
  }

  @Test
  void createsKeysUnderAnEmptyValue() throws Exception {
    String yaml = "image:\nother: 1\n";

    String edited = editor.set(yaml, null, List.of(new ValueUpdate("image.tag", "1.0", true)));

    assertThat(edited).isEqualTo("image:\n  tag: \"1.0\"\nother: 1\n");
  }

  @Test
  void refusesToEditThroughAnAlias() {
    String yaml = "base: &b\n  tag: v1\nprod: *b\n";

    assertThatThrownBy(() -> set(yaml, "prod.tag", "v2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("alias *b");
  }

  @Test
  void refusesToEditAnAnchoredValueUsedElsewhere() {
    String yaml = "base: &b\n  tag: v1\nprod: *b\n";

    assertThatThrownBy(() -> set(yaml, "base.tag", "v2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("anchor &b");
  }

  @Test
  void refusesToEditAKeyThatComesFromAMerge() {
    String yaml = "base: &b\n  tag: v1\nprod:\n  <<: *b\n  name: p\n";

    assertThatThrownBy(() -> set(yaml, "prod.tag", "v2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("merge key");
  }

  @Test
  void editsAnAnchoredValueNobodyRefersTo() throws Exception {
    assertThat(set("tag: &t v1\n", "tag", "v2")).isEqualTo("tag: &t v2\n");
  }

  @Test
  void addressesDocumentsByIndexOrKindAndName() throws Exception {
    String yaml =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec: {}\n---\n"
            + "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n";

    assertThat(editor.set(yaml, "Deployment/web", List.of(ValueUpdate.of("spec.replicas", "2"))))
        .isEqualTo(yaml.replace("replicas: 1", "replicas: 2"));
    assertThat(editor.set(yaml, "1", List.of(ValueUpdate.of("spec.replicas", "3"))))
        .isEqualTo(yaml.replace("replicas: 1", "replicas: 3"));
    assertThatThrownBy(() -> set(yaml, "spec.replicas", "2"))
        .hasMessageContaining("2 documents")
        .hasMessageContaining("Deployment/web");
  }

  @Test
  void keepsAByteOrderMarkAndNonAsciiText() throws Exception {
    String yaml = "name: \"Grüße 🎉\"\ntag: v1 # ✓\n";

    assertThat(set(yaml, "tag", "v2")).isEqualTo("name: \"Grüße 🎉\"\ntag: v2 # ✓\n");
  }

  @Test
  void billionLaughsFailsFastWithAClearError() {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      yaml.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      yaml.append("]\n");
    }
    yaml.append("x: 1\n");

    assertThatThrownBy(() -> set(yaml.toString(), "x", "2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("billion laughs");
  }

  @Test
  void deepNestingFailsWithAClearError() {
    String yaml = "a: " + "[".repeat(500) + "]".repeat(500) + "\n";

    assertThatThrownBy(() -> set(yaml, "a", "2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nesting");
  }

  @Test
  void invalidYamlNamesTheLineWithoutQuotingContent() {
    assertThatThrownBy(() -> set("a: [secret-value\nb: 2\n", "a", "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line")
        .hasMessageNotContaining("secret-value");
  }

  @Test
  void keepsAnExplicitTag() throws Exception {
    assertThat(set("tag: !!str 1.9\n", "tag", "1.10")).isEqualTo("tag: !!str 1.10\n");
  }

  @Test
  void fillsAnEmptyValue() throws Exception {
    assertThat(set("tag:\nnext: 1\n", "tag", "v1")).isEqualTo("tag: v1\nnext: 1\n");
    assertThat(set("tag: # set me\n", "tag", "1.0")).isEqualTo("tag: \"1.0\" # set me\n");
  }

  @Test
  void refusesToCreateListItemsOrInsideFlowMappings() {
    assertThatThrownBy(
            () -> editor.set("list: [a]\n", null, List.of(new ValueUpdate("list[3]", "x", true))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("index 3 does not exist");
    assertThatThrownBy(
            () -> editor.set("m: {a: 1}\n", null, List.of(new ValueUpdate("m.b", "x", true))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("flow style");
  }

  @Test
  void refusesAmbiguousKeysAndSelections() {
    assertThatThrownBy(() -> set("a: 1\na: 2\n", "a", "3"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> set("c:\n- name: x\n- name: x\n", "c[name=x].name", "y"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("2 items with name=x");
  }

  @Test
  void rejectsMalformedPaths() {
    assertThatThrownBy(() -> set("a: 1\n", "a..b", "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("empty key");
    assertThatThrownBy(() -> set("a: 1\n", "a[name", "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("closing ']'");
  }

  @Test
  void editsSeveralValuesInOnePass() throws Exception {
    String yaml = "a: 1 # one\nb: x\nc: [1, 2]\n";

    String edited =
        editor.set(
            yaml,
            null,
            List.of(
                ValueUpdate.of("a", "2"), ValueUpdate.of("b", "z"), ValueUpdate.of("c.1", "3")));

    assertThat(edited).isEqualTo("a: 2 # one\nb: z\nc: [1, 3]\n");
  }
}
