package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the render parses is held to one budget: nested aliases ("billion laughs") fail at
 * once with a clear message instead of running for minutes and exhausting memory. The timeout is a
 * generous functional bound (before the budget one such file ran for minutes and ran out of
 * memory).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class YamlBudgetTest {
  @TempDir Path dir;

  private final Renderer renderer = new Renderer();

  /** Nine levels of nine aliases each: ~500 bytes describing 9^9 (387 million) strings. */
  static String laughs(String indent) {
    StringBuilder b = new StringBuilder();
    b.append(indent).append("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 9; level++) {
      b.append(indent).append("l").append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        b.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      b.append("]\n");
    }
    return b.toString();
  }

  private static String bombManifest() {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\ndata:\n" + laughs("  ");
  }

  @Test
  void aPlainManifestWithNestedAliasesIsRefused() {
    Path source = dir.resolve("deploy");
    RenderFixtures.write(source, "configmap.yaml", bombManifest());

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("configmap.yaml")
        .hasMessageContaining("aliases (*name) expand to more than 1000000 nodes");
  }

  @Test
  void aPlainManifestWithNestedAliasesIsRefusedWhenSubstituting() {
    Path source = dir.resolve("deploy");
    RenderFixtures.write(source, "configmap.yaml", bombManifest() + "  greeting: ${greeting}\n");

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev")
                        .engine(RenderEngine.PLAIN)
                        .var("greeting", "hi")
                        .build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expand to more than");
  }

  @Test
  void aValuesFileWithNestedAliasesIsRefused() {
    Path source = dir.resolve("deploy");
    RenderFixtures.write(
        source,
        "configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ${A}\n");
    RenderFixtures.write(source, "environments/dev.yaml", "A: x\n" + laughs(""));

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dev.yaml")
        .hasMessageContaining("expand to more than");
  }

  @Test
  void aRecursiveAliasIsRefused() {
    Path source = dir.resolve("deploy");
    RenderFixtures.write(
        source,
        "configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata: &d\n  self: *d\n");

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("configmap.yaml")
        .hasMessageContaining("refers to a node that contains it");
  }

  @Test
  void aFewAliasesStillRender() throws Exception {
    Path source = dir.resolve("deploy");
    RenderFixtures.write(
        source,
        "configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: &l {app: c}\n"
            + "  annotations: *l\ndata: {a: b}\n");

    RenderResult result =
        renderer.render(
            RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
            ProgressListener.NONE);

    assertThat(RenderFixtures.at(result.manifests().get(0), "metadata", "annotations"))
        .isEqualTo(java.util.Map.of("app", "c"));
  }

  @Test
  void aHelmValuesFileWithNestedAliasesIsRefused() {
    Path helm = TestTools.require("helm");
    Path chart = RenderFixtures.copy("helm/webapp", dir.resolve("webapp"));
    Path values = RenderFixtures.write(dir, "extra.yaml", laughs(""));

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(chart, "dev")
                        .valuesFile(values)
                        .tools(new RenderRequest.ToolSettings(helm, null, Duration.ofMinutes(1)))
                        .build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("extra.yaml")
        .hasMessageContaining("expand to more than");
  }

  @Test
  void helmOutputWithNestedAliasesIsRefused() {
    Path helm = TestTools.require("helm");
    Path chart = RenderFixtures.copy("helm/webapp", dir.resolve("webapp"));
    RenderFixtures.write(chart, "templates/laughs.yaml", bombManifest());

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(chart, "dev")
                        .tools(new RenderRequest.ToolSettings(helm, null, Duration.ofMinutes(1)))
                        .build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("alias");
  }

  @Test
  void aKustomizationFileWithNestedAliasesIsRefused() {
    Path kubectl = TestTools.require("kubectl");
    Path source = dir.resolve("deploy");
    RenderFixtures.write(source, "kustomization.yaml", "resources: []\n" + laughs(""));

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev")
                        .engine(RenderEngine.KUSTOMIZE)
                        .tools(new RenderRequest.ToolSettings(null, kubectl, Duration.ofMinutes(1)))
                        .build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kustomization.yaml")
        .hasMessageContaining("expand to more than");
  }
}
