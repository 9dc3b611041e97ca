package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No engine reads anything outside the source through a symbolic link: not Helm's templates or
 * {@code .Files.Get}, not a manifest or kustomize resource, not the environments folder or its
 * values files.
 */
class SymbolicLinkTest {
  private static final String SECRET = "s3cr3t-outside";

  @TempDir Path dir;

  private final Renderer renderer = new Renderer();
  private Path outside;

  @BeforeEach
  void setUp() {
    outside = dir.resolve("outside");
    RenderFixtures.write(
        outside,
        "leaked.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaked\ndata:\n  v: " + SECRET + "\n");
    RenderFixtures.write(outside, "secret.txt", SECRET + "\n");
    RenderFixtures.write(outside, "values.yaml", "replicas: 7\nA: " + SECRET + "\n");
  }

  private static void link(Path link, Path target) throws Exception {
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, target);
  }

  private Path chart() {
    return RenderFixtures.copy("helm/webapp", dir.resolve("webapp"));
  }

  private RenderRequest.Builder helm(Path chart, String env) {
    return RenderRequest.builder(chart, env)
        .tools(
            new RenderRequest.ToolSettings(TestTools.require("helm"), null, Duration.ofMinutes(1)));
  }

  private RenderRequest.Builder kustomize(Path source, String env) {
    return RenderRequest.builder(source, env)
        .engine(RenderEngine.KUSTOMIZE)
        .tools(
            new RenderRequest.ToolSettings(
                null, TestTools.require("kubectl"), Duration.ofMinutes(1)));
  }

  private Path plainSource() {
    Path source = dir.resolve("plain");
    RenderFixtures.write(
        source,
        "configmap.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"${A:=none}\"\n");
    return source;
  }

  @Test
  void helmDoesNotRenderATemplateLinkedFromOutsideTheChart() throws Exception {
    Path chart = chart();
    link(chart.resolve("templates/leaked.yaml"), outside.resolve("leaked.yaml"));

    RenderResult result = renderer.render(helm(chart, "dev").build(), ProgressListener.NONE);

    assertThat(result.manifests()).extracting(Manifest::name).doesNotContain("leaked");
    assertThat(result.stream()).doesNotContain(SECRET);
  }

  @Test
  void helmFilesGetDoesNotReadAFileLinkedFromOutsideTheChart() throws Exception {
    Path chart = chart();
    link(chart.resolve("files/linked.txt"), outside.resolve("secret.txt"));
    RenderFixtures.write(chart, "files/own.txt", "inside\n");
    RenderFixtures.write(
        chart,
        "templates/files.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: files\ndata:\n"
            + "  linked: {{ .Files.Get \"files/linked.txt\" | quote }}\n"
            + "  own: {{ .Files.Get \"files/own.txt\" | quote }}\n");

    RenderResult result = renderer.render(helm(chart, "dev").build(), ProgressListener.NONE);

    Manifest files =
        result.manifests().stream().filter(m -> m.name().equals("files")).findFirst().orElseThrow();
    assertThat(RenderFixtures.at(files, "data", "own")).isEqualTo("inside\n");
    assertThat(String.valueOf(RenderFixtures.at(files, "data", "linked"))).doesNotContain(SECRET);
  }

  @Test
  void helmStillReadsALinkThatStaysInsideTheChart() throws Exception {
    Path chart = chart();
    RenderFixtures.write(chart, "files/own.txt", "inside\n");
    link(chart.resolve("files/alias.txt"), chart.resolve("files/own.txt"));
    RenderFixtures.write(
        chart,
        "templates/files.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: files\ndata:\n"
            + "  alias: {{ .Files.Get \"files/alias.txt\" | quote }}\n");

    RenderResult result = renderer.render(helm(chart, "dev").build(), ProgressListener.NONE);

    Manifest files =
        result.manifests().stream().filter(m -> m.name().equals("files")).findFirst().orElseThrow();
    assertThat(RenderFixtures.at(files, "data", "alias")).isEqualTo("inside\n");
  }

  @Test
  void helmRefusesAnEnvironmentValuesFileLinkedFromOutside() throws Exception {
    Path chart = chart();
    Files.delete(chart.resolve("environments/dev.yaml"));
    link(chart.resolve("environments/dev.yaml"), outside.resolve("values.yaml"));

    assertThatThrownBy(() -> renderer.render(helm(chart, "dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("environments/dev.yaml")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void helmRefusesAnEnvironmentsFolderLinkedFromOutside() throws Exception {
    Path chart = chart();
    RenderFixtures.write(outside, "envs/dev.yaml", "replicas: 7\n");
    Path envs = chart.resolve("environments");
    try (var walk = Files.walk(envs)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    link(envs, outside.resolve("envs"));

    assertThatThrownBy(() -> renderer.render(helm(chart, "dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("environments folder")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void plainRefusesAnEnvironmentValuesFileLinkedFromOutside() throws Exception {
    Path source = plainSource();
    link(source.resolve("environments/dev.yaml"), outside.resolve("values.yaml"));

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("environments/dev.yaml")
        .hasMessageContaining("symbolic link")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void plainRefusesAnEnvironmentsFolderLinkedFromOutside() throws Exception {
    Path source = plainSource();
    RenderFixtures.write(outside, "envs/dev.yaml", "A: " + SECRET + "\n");
    link(source.resolve("environments"), outside.resolve("envs"));

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("environments folder");
  }

  @Test
  void plainDoesNotReadAManifestLinkedFromOutside() throws Exception {
    Path source = plainSource();
    link(source.resolve("leaked.yaml"), outside.resolve("leaked.yaml"));

    RenderResult result =
        renderer.render(
            RenderRequest.builder(source, "dev").engine(RenderEngine.PLAIN).build(),
            ProgressListener.NONE);

    assertThat(result.manifests()).extracting(Manifest::name).containsExactly("c");
  }

  @Test
  void kustomizeRefusesAnEnvironmentValuesFileLinkedFromOutside() throws Exception {
    Path source = RenderFixtures.copy("kustomize", dir.resolve("deploy"));
    Files.delete(source.resolve("environments/prod.yaml"));
    link(source.resolve("environments/prod.yaml"), outside.resolve("values.yaml"));

    assertThatThrownBy(
            () -> renderer.render(kustomize(source, "prod").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("environments/prod.yaml")
        .hasMessageContaining("symbolic link");
  }

  @Test
  void kustomizeDoesNotReadAResourceLinkedFromOutside() throws Exception {
    Path source = dir.resolve("kust");
    RenderFixtures.write(source, "kustomization.yaml", "resources:\n- leaked.yaml\n");
    link(source.resolve("leaked.yaml"), outside.resolve("leaked.yaml"));

    assertThatThrownBy(
            () -> renderer.render(kustomize(source, "dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("leaked.yaml")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void kustomizeDoesNotFollowALinkedBaseOutOfTheSource() throws Exception {
    Path source = dir.resolve("kust");
    RenderFixtures.write(outside, "base/kustomization.yaml", "resources:\n- ../leaked.yaml\n");
    RenderFixtures.write(source, "kustomization.yaml", "resources:\n- base\n");
    link(source.resolve("base"), outside.resolve("base"));

    assertThatThrownBy(
            () -> renderer.render(kustomize(source, "dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void kustomizeRefusesAnOverlayLinkedFromOutside() throws Exception {
    Path source = RenderFixtures.copy("kustomize", dir.resolve("deploy"));
    RenderFixtures.write(outside, "overlay/kustomization.yaml", "resources:\n- ../leaked.yaml\n");
    link(source.resolve("overlays/qa"), outside.resolve("overlay"));

    assertThatThrownBy(
            () -> renderer.render(kustomize(source, "qa").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("overlay folder")
        .hasMessageContaining("symbolic link")
        .hasMessageNotContaining(SECRET);
  }
}
