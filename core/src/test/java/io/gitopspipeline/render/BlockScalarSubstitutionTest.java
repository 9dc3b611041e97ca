package io.gitopspipeline.render;

import static io.gitopspipeline.render.RenderFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Substitution inside literal and folded block scalars reads back as Flux reads it (serialise,
 * substitute, parse with go-yaml): a block left with only blank lines is empty, not an error.
 */
class BlockScalarSubstitutionTest {
  @TempDir Path dir;

  private Object data(String body, String value) throws Exception {
    Path source = dir.resolve("s" + Math.abs((body + value).hashCode()));
    RenderFixtures.write(
        source, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n" + body);
    RenderResult result =
        new Renderer()
            .render(
                RenderRequest.builder(source, "dev")
                    .engine(RenderEngine.PLAIN)
                    .var("X", value)
                    .validation(Validation.NONE)
                    .build(),
                ProgressListener.NONE);
    return at(result.manifests().get(0), "data");
  }

  @Test
  void aLiteralBlockLeftEmptyBeforeTheNextKeyIsEmpty() throws Exception {
    assertThat(data("  script: |\n    ${X}\n  other: v\n", ""))
        .isEqualTo(Map.of("script", "", "other", "v"));
  }

  @Test
  void aLiteralBlockLeftWithOnlySpacesBeforeTheNextKeyIsEmpty() throws Exception {
    assertThat(data("  script: |\n    ${X}\n  other: v\n", "   "))
        .isEqualTo(Map.of("script", "", "other", "v"));
  }

  @Test
  void aKeptLiteralBlockLeftEmptyKeepsItsLineBreaks() throws Exception {
    assertThat(data("  script: |+\n    ${X}\n\n  other: v\n", ""))
        .isEqualTo(Map.of("script", "\n\n", "other", "v"));
  }

  @Test
  void aFoldedBlockInASequenceLeftEmptyIsEmpty() throws Exception {
    Object data = data("  list: |\n    x\n  items:\n  - >-\n    ${X}\n  - b\n", "");
    assertThat(data).isEqualTo(Map.of("list", "x\n", "items", java.util.List.of("", "b")));
  }

  @Test
  void aValueStartingWithSpacesStaysIndentationAsInFlux() throws Exception {
    assertThat(data("  script: |\n    ${X}\n  other: v\n", "  x"))
        .isEqualTo(Map.of("script", "x\n", "other", "v"));
  }

  @Test
  void contentLessIndentedThanTheBlankLinesBeforeItIsStillAnError() {
    // go-yaml refuses this too: the first line sets the indentation, the second is outside it
    assertThatThrownBy(() -> data("  script: |\n    ${X}\n    line2\n", "  "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cm.yaml");
  }

  @Test
  void aManifestWrittenThatWayReadsAsKubernetesReadsIt() throws Exception {
    Path source = dir.resolve("written");
    RenderFixtures.write(
        source,
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: |\n      \n  b: c\n");

    RenderResult result =
        new Renderer()
            .render(
                RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
                ProgressListener.NONE);

    assertThat(at(result.manifests().get(0), "data")).isEqualTo(Map.of("a", "", "b", "c"));
  }

  @Test
  void parentIndentIsTheKeyOrTheDashHoldingTheScalar() {
    assertThat(BlankBlockScalars.parentIndent("  key: |")).isEqualTo(2);
    assertThat(BlankBlockScalars.parentIndent("  - |")).isEqualTo(2);
    assertThat(BlankBlockScalars.parentIndent("  - key: >-")).isEqualTo(4);
    assertThat(BlankBlockScalars.parentIndent("- - |")).isEqualTo(2);
  }
}
