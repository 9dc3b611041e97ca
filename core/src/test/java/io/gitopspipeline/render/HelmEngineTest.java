package io.gitopspipeline.render;

import static io.gitopspipeline.render.RenderFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm engine against the real helm binary, on a chart with a local dependency and a CRD. */
class HelmEngineTest {
  @TempDir Path dir;

  private Path helm;
  private Path chart;
  private final Renderer renderer = new Renderer();

  @BeforeEach
  void setUp() {
    helm = TestTools.require("helm");
    chart = RenderFixtures.copy("helm/webapp", dir.resolve("webapp"));
  }

  private RenderRequest.Builder request(String env) {
    return RenderRequest.builder(chart, env)
        .tools(new RenderRequest.ToolSettings(helm, null, Duration.ofMinutes(1)));
  }

  private static Manifest find(RenderResult result, String kind, String name) {
    return result.manifests().stream()
        .filter(m -> m.kind().equals(kind) && m.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
  }

  @Test
  void rendersTheChartWithItsDependencyAndCrdsAndLayeredValues() throws Exception {
    RenderResult result =
        renderer.render(request("dev").namespace("web").build(), ProgressListener.NONE);

    assertThat(result.engine()).isEqualTo(RenderEngine.HELM);
    assertThat(result.files().keySet())
        .containsExactly(
            "_cluster/customresourcedefinition-widgets.example.com.yaml",
            "web/deployment-webapp-cache.yaml",
            "web/deployment-webapp.yaml",
            "web/service-webapp.yaml");
    Manifest deployment = find(result, "Deployment", "webapp");
    assertThat(at(deployment, "metadata", "namespace")).isEqualTo("web");
    assertThat(at(deployment, "spec", "template", "metadata", "annotations"))
        .isEqualTo(Map.of("team", "web"));
    assertThat(result.images())
        .containsExactly("redis:7.2.4", "registry.example.com/team/webapp:1.0.0");
    assertThat(result.tools())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.name()).isEqualTo("helm");
              assertThat(t.version()).startsWith("v");
            });
  }

  @Test
  void environmentValuesExplicitValuesAndSetValuesAreLayeredInOrder() throws Exception {
    Path extra = RenderFixtures.write(dir, "extra.yaml", "replicas: 5\n");

    RenderResult prod = renderer.render(request("prod").build(), ProgressListener.NONE);
    RenderResult explicit =
        renderer.render(request("prod").valuesFile(extra).build(), ProgressListener.NONE);
    RenderResult set =
        renderer.render(
            request("prod").valuesFile(extra).set("replicas", "7").build(), ProgressListener.NONE);

    assertThat(at(find(prod, "Deployment", "webapp"), "spec", "replicas")).isEqualTo(3L);
    assertThat(prod.manifests()).noneMatch(m -> m.name().equals("webapp-cache"));
    assertThat(at(find(explicit, "Deployment", "webapp"), "spec", "replicas")).isEqualTo(5L);
    assertThat(at(find(set, "Deployment", "webapp"), "spec", "replicas")).isEqualTo(7L);
  }

  @Test
  void thePromotedImageGoesIntoTheImageValues() throws Exception {
    String digest = "sha256:" + "a".repeat(64);

    RenderResult result =
        renderer.render(
            request("dev").image("registry.example.com/team/webapp:1.2.3@" + digest).build(),
            ProgressListener.NONE);

    assertThat(result.images())
        .contains("registry.example.com/team/webapp@" + digest)
        .doesNotContain("registry.example.com/team/webapp:1.0.0");
  }

  @Test
  void releaseNameAndCrdsCanBeChosen() throws Exception {
    RenderResult result =
        renderer.render(
            request("dev")
                .releaseName("shop")
                .helm(
                    new RenderRequest.HelmSettings(
                        "1.30.0",
                        List.of("example.com/v1"),
                        false,
                        "image.repository",
                        "image.tag",
                        "image.digest"))
                .build(),
            ProgressListener.NONE);

    assertThat(result.manifests())
        .extracting(Manifest::name)
        .contains("shop", "shop-cache")
        .doesNotContain("widgets.example.com");
  }

  @Test
  void aReleaseNameThatLooksLikeAnOptionIsRefusedAndNoFileIsRead() throws Exception {
    Path secret = RenderFixtures.write(dir, "secret.txt", "s3cr3t-from-outside\n");

    assertThatThrownBy(
            () ->
                renderer.render(
                    request("dev").releaseName("--set-file=team=" + secret).build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("release name '--set-file=team=")
        .hasMessageContaining("53")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void releaseNamesFollowHelmsRule() throws Exception {
    assertThat(HelmEngine.checkReleaseName("shop.prod-1", "release")).isEqualTo("shop.prod-1");
    assertThat(HelmEngine.checkReleaseName("a".repeat(53), "release")).hasSize(53);
    for (String bad : List.of("a".repeat(54), "Shop", "-shop", "shop-", "sh_op", "", "a..b")) {
      assertThatThrownBy(() -> HelmEngine.checkReleaseName(bad, "release"))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void optionLikeSetValuesStayValuesOfTheirOwnOption() throws Exception {
    RenderResult result =
        renderer.render(
            request("dev").set("podAnnotations.team", "--debug").build(), ProgressListener.NONE);

    assertThat(
            at(find(result, "Deployment", "webapp"), "spec", "template", "metadata", "annotations"))
        .isEqualTo(Map.of("team", "--debug"));
  }

  @Test
  void aMissingDependencyIsReportedWithHelmsMessageAndAHint() throws Exception {
    Files.walk(chart.resolve("charts/cache"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());

    assertThatThrownBy(() -> renderer.render(request("dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("helm template")
        .hasMessageContaining("cache")
        .hasMessageContaining("charts/");
  }

  @Test
  void aTemplateErrorCarriesHelmsStandardError() {
    RenderFixtures.write(chart, "templates/broken.yaml", "kind: {{ .Values.nope.deeper }}\n");

    assertThatThrownBy(() -> renderer.render(request("dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("broken.yaml");
  }
}
