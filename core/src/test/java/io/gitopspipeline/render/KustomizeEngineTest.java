package io.gitopspipeline.render;

import static io.gitopspipeline.render.RenderFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kustomize engine against the real {@code kubectl kustomize}, on overlays with patches. */
class KustomizeEngineTest {
  @TempDir Path dir;

  private Path kubectl;
  private Path source;
  private final Renderer renderer = new Renderer();

  @BeforeEach
  void setUp() {
    kubectl = TestTools.require("kubectl");
    source = RenderFixtures.copy("kustomize", dir.resolve("deploy"));
  }

  private RenderRequest.Builder request(String env) {
    return RenderRequest.builder(source, env)
        .tools(new RenderRequest.ToolSettings(null, kubectl, Duration.ofMinutes(1)));
  }

  private static Manifest find(RenderResult result, String kind, String name) {
    return result.manifests().stream()
        .filter(m -> m.kind().equals(kind) && m.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " not rendered"));
  }

  @Test
  void buildsTheEnvironmentsOverlayWithItsPatches() throws Exception {
    RenderResult result = renderer.render(request("prod").build(), ProgressListener.NONE);

    assertThat(result.engine()).isEqualTo(RenderEngine.KUSTOMIZE);
    assertThat(result.files().keySet())
        .containsExactly(
            "_cluster/namespace-web-prod.yaml",
            "web-prod/configmap-webapp-config.yaml",
            "web-prod/deployment-webapp.yaml",
            "web-prod/service-webapp.yaml");
    assertThat(at(find(result, "Deployment", "webapp"), "spec", "replicas")).isEqualTo(3L);
    @SuppressWarnings("unchecked")
    Map<String, Object> port =
        ((List<Map<String, Object>>) at(find(result, "Service", "webapp"), "spec", "ports")).get(0);
    assertThat(port.get("port")).isEqualTo(8080L);
    assertThat(result.tools())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.name()).isEqualTo("kubectl");
              assertThat(t.version()).startsWith("v5");
            });
  }

  @Test
  void appliesFluxSubstitutionWithTheEnvironmentsVariables() throws Exception {
    RenderResult prod = renderer.render(request("prod").build(), ProgressListener.NONE);
    RenderResult dev = renderer.render(request("dev").build(), ProgressListener.NONE);

    assertThat(at(find(prod, "ConfigMap", "webapp-config"), "data"))
        .isEqualTo(Map.of("greeting", "hallo", "region", "eu-central-1"));
    // dev has no variables: like Flux's WithVariables strategy, nothing is substituted
    assertThat(at(find(dev, "ConfigMap", "webapp-config"), "data", "greeting"))
        .isEqualTo("${greeting:=hello}");
  }

  @Test
  void setsThePromotedImageInAScratchCopyNeverInTheSourceTree() throws Exception {
    String before = RenderFixtures.read(source.resolve("overlays/dev/kustomization.yaml"));

    RenderResult result =
        renderer.render(
            request("dev").image("registry.example.com/team/webapp:2.0.0").build(),
            ProgressListener.NONE);

    assertThat(result.images()).containsExactly("registry.example.com/team/webapp:2.0.0");
    assertThat(RenderFixtures.read(source.resolve("overlays/dev/kustomization.yaml")))
        .isEqualTo(before);
  }

  @Test
  void aNamedImageReplacesThatNameWithTheNewReference() throws Exception {
    String digest = "sha256:" + "b".repeat(64);

    RenderResult result =
        renderer.render(
            request("dev")
                .image("registry.example.com/team/webapp=mirror.example.com/webapp@" + digest)
                .build(),
            ProgressListener.NONE);

    assertThat(result.images()).containsExactly("mirror.example.com/webapp@" + digest);
  }

  @Test
  void aBrokenOverlayReportsKustomizesErrorWithTheUsersPaths() {
    RenderFixtures.write(
        source, "overlays/dev/kustomization.yaml", "resources:\n  - ../../does-not-exist\n");

    assertThatThrownBy(() -> renderer.render(request("dev").build(), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("kustomize build")
        .hasMessageContaining("does-not-exist");
  }
}
