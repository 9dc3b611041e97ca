package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockOutlineTest {

  /** Each line as "indent:kind[:key]" (kinds: blank, key, key=, item, other). */
  private static List<String> lines(String yaml) {
    BlockOutline outline = BlockOutline.read(yaml);
    assertThat(outline).as("outline of:\n%s", yaml).isNotNull();
    List<String> out = new ArrayList<>();
    for (int l = 0; l < outline.lines(); l++) {
      String kind =
          switch (outline.kind(l)) {
            case BlockOutline.BLANK -> "blank";
            case BlockOutline.KEY ->
                (outline.valueOnLine(l) ? "key=" : "key") + ":" + outline.key(l);
            case BlockOutline.ITEM -> "item";
            default -> "other";
          };
      out.add(outline.kind(l) == BlockOutline.BLANK ? "blank" : outline.indent(l) + ":" + kind);
    }
    return out;
  }

  @Test
  void readsKeysItemsCommentsAndTheirIndentation() {
    String yaml =
        "# a comment\n"
            + "image:\n"
            + "  repository: ghcr.io/acme/app   # where\n"
            + "\n"
            + "  tag: \"1.9\"\n"
            + "env:\n"
            + "- name: A\n"
            + "  value: 'x'\n"
            + "'quoted key': {a: [1, 2], b: \"}\"}\n"
            + "\"double\": [x, 'y, z']\n"
            + "url: http://example.com:8080/a#b\n";

    assertThat(lines(yaml))
        .containsExactly(
            "blank",
            "0:key:image",
            "2:key=:repository",
            "blank",
            "2:key=:tag",
            "0:key:env",
            "0:item",
            "2:key=:value",
            "0:key=:quoted key",
            "0:key=:double",
            "0:key=:url");
  }

  @Test
  void skipsTheBodyOfBlockScalarsWhateverItHolds() {
    String yaml =
        "config: |\n"
            + "  key: \"unclosed\n"
            + "  - [not, a, list\n"
            + "\n"
            + "  # not a comment\n"
            + "next: >-\n"
            + "    folded\n"
            + "list:\n"
            + "  - |\n"
            + "    text: 'x\n"
            + "  - name: script\n"
            + "    run: |+ # keep\n"
            + "      echo 'hi\n"
            + "    after: 1\n";

    assertThat(lines(yaml))
        .containsExactly(
            "0:key=:config",
            "blank",
            "blank",
            "blank",
            "blank",
            "0:key=:next",
            "blank",
            "0:key:list",
            "2:item",
            "blank",
            "2:item",
            "4:key=:run",
            "blank",
            "4:key=:after");
  }

  @Test
  void decodesQuotedKeysAndGivesNoKeyForEscapes() {
    BlockOutline outline = BlockOutline.read("'it''s': 1\n\"a\\x41\": 2\n\"plain\": 3\n");

    assertThat(outline.key(0)).isEqualTo("it's");
    assertThat(outline.key(1)).isNull();
    assertThat(outline.key(2)).isEqualTo("plain");
  }

  @Test
  void anEntryEndsAtTheNextLineIndentedAsMuchUnlessItIsAnItemOfItsIndentlessSequence() {
    String yaml = "a:\n- x\n- y\n# c\nb:\n  c: 1\n\n  d: 2\ne: 3\n";
    BlockOutline outline = BlockOutline.read(yaml);

    assertThat(outline.entryEnd(0)).isEqualTo(4);
    assertThat(outline.entryEnd(4)).isEqualTo(8);
    assertThat(outline.entryEnd(5)).isEqualTo(7);
    assertThat(outline.entryEnd(8)).isEqualTo(9);
  }

  @Test
  void keepsCrlfLineStarts() {
    BlockOutline outline = BlockOutline.read("a: 1\r\nb:\r\n  c: 2\r\n");

    assertThat(outline.lines()).isEqualTo(3);
    assertThat(outline.start(1)).isEqualTo(6);
    assertThat(outline.key(2)).isEqualTo("c");
  }

  /**
   * snakeyaml-engine reads continuation lines of quoted scalars and flow collections at any
   * indentation, so a line of such a construct could look like a key: the outline gives up.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: \"foo\nb: bar\"\n",
        "a: 'foo\nb: bar'\n",
        "a: [1,\nb: 2]\n",
        "a: {x: 1,\nb: 2}\n",
        "a: \"ends with an escaped break\\\nb\"\n",
        "- \"x\ny\"\n",
        "a: [1, # comment inside\n2]\n",
        "a:\n  \"foo\nb\": 1\n",
        "? explicit\n: value\n",
        "a:\n\tb: 1\n",
        "a: 1\rb: 2\n",
        "a: 1\u2028b: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: b: c\n",
        "a: |x\n",
        "a: ]\n",
        "[a, b]: c\n",
        "a: &x\t\"foo\nb: 1\"\n",
        "a: [&x\t\"foo, b: 1\"]\n",
      })
  void givesUpOnWhatItCannotProve(String yaml) {
    assertThat(BlockOutline.read(yaml)).isNull();
  }

  @Test
  void aQuoteOrBracketInsideAPlainScalarIsText() {
    assertThat(lines("a: it's [fine\nb: say \"hi\n")).containsExactly("0:key=:a", "0:key=:b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"---\na: 1\n", "a: 1\n...\n", "b:\n--- &:\n", "a:\n---\tb: 1\n"})
  void documentMarkersEndTheOutline(String yaml) {
    assertThat(BlockOutline.read(yaml)).isNull();
  }

  @Test
  void dashesOrDotsFollowedByTextAreAPlainScalar() {
    assertThat(lines("---a: 1\n....: 2\n")).containsExactly("0:key=:---a", "0:key=:....");
  }
}
