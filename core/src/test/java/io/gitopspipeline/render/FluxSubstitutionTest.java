package io.gitopspipeline.render;

import static io.gitopspipeline.render.RenderFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource-level cases of Flux's post-build substitution (fluxcd/pkg kustomize varsub tests and
 * kustomize-controller's kustomization_varsub_test.go), run through the plain engine.
 */
class FluxSubstitutionTest {
  @TempDir Path dir;

  private final Renderer renderer = new Renderer();

  private RenderResult render(Path source, RenderRequest.Builder builder) throws Exception {
    // Flux's fixture e1 substitutes into a plaintext Secret, which only an allow-list lets through.
    builder.secrets(SecretPolicy.of(false, List.of("apps/test")));
    return renderer.render(builder.build(), ProgressListener.NONE);
  }

  private static Manifest find(RenderResult result, String kind, String name) {
    return result.manifests().stream()
        .filter(m -> m.kind().equals(kind) && m.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private RenderRequest.Builder varsubRequest(Path source) {
    return RenderRequest.builder(source, "prod")
        .engine(RenderEngine.PLAIN)
        .var("cluster_env", "prod")
        .var("cluster_region", "eu-central-1")
        .var("prometheus_scrape", "\"true\"")
        .var("prometheus_port", "\"9797\"")
        .var("image", "nginx:1.21.4");
  }

  @Test
  void substitutesVariablesAndKeepsQuotedValuesStrings() throws Exception {
    Path source = RenderFixtures.copy("flux/varsub", dir.resolve("src"));

    RenderResult result = render(source, varsubRequest(source));

    Manifest deployment = find(result, "Deployment", "app");
    assertThat(at(deployment, "metadata", "labels"))
        .isEqualTo(Map.of("environment", "prod", "region", "eu-central-1"));
    assertThat(at(deployment, "spec", "template", "metadata", "annotations"))
        .isEqualTo(Map.of("prometheus.io/scrape", "true", "prometheus.io/port", "9797"));
    assertThat(result.images()).containsExactly("nginx:1.21.4");
    assertThat(result.files().get("apps/deployment-app.yaml"))
        .contains("prometheus.io/port: \"9797\"")
        .contains("prometheus.io/scrape: \"true\"");
  }

  @Test
  void leavesResourcesLabelledOrAnnotatedDisabledUntouched() throws Exception {
    Path source = RenderFixtures.copy("flux/varsub", dir.resolve("src"));

    RenderResult result = render(source, varsubRequest(source));

    assertThat(at(find(result, "ConfigMap", "untouched"), "data"))
        .isEqualTo(
            Map.of(
                "environment", "${cluster_env:=dev}",
                "region", "${cluster_region}",
                "scrape", "${prometheus_scrape:=false}",
                "port", "${prometheus_port}",
                "image", "${image}"));
    assertThat(at(find(result, "ConfigMap", "untouched-by-annotation"), "data", "missing"))
        .isEqualTo("${not_set_anywhere}");
  }

  @Test
  void strictModeNamesEveryMissingVariableAndWhereItIsUsed() {
    Path source = RenderFixtures.copy("flux/varsub", dir.resolve("src"));
    RenderFixtures.write(
        source,
        "extra.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: apps\n"
            + "data:\n  a: ${missing}\n  b: ${other_missing}\n  c: ${defaulted:=ok}\n");

    assertThatThrownBy(() -> render(source, varsubRequest(source)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("variable not set (strict mode): \"missing\" in extra.yaml")
        .hasMessageContaining("variable not set (strict mode): \"other_missing\" in extra.yaml")
        .hasMessageNotContaining("defaulted");
  }

  @Test
  void nonStrictModeReadsMissingVariablesAsEmpty() throws Exception {
    Path source =
        RenderFixtures.write(
                dir,
                "src/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n"
                    + "    environment: ${cluster_env:=dev}\n    region: ${cluster_region}\n"
                    + "data:\n  missing: ${missing}\n")
            .getParent();

    RenderResult result =
        render(
            source,
            RenderRequest.builder(source, "dev")
                .var("cluster_region", "eu")
                .strictSubstitution(false)
                .validation(Validation.NONE));

    assertThat(at(result.manifests().get(0), "data", "missing")).isNull();
    assertThat(at(result.manifests().get(0), "metadata", "labels"))
        .isEqualTo(Map.of("environment", "dev", "region", "eu"));
  }

  @Test
  void withoutVariablesNothingIsSubstitutedUnlessTheStrategyIsAlways() throws Exception {
    Path source =
        RenderFixtures.write(
                dir,
                "src/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n"
                    + "    environment: ${cluster_env:=dev}\n    region: ${cluster_region:=eu-central-1}\n")
            .getParent();

    RenderResult untouched = render(source, RenderRequest.builder(source, "dev"));
    RenderResult always =
        render(source, RenderRequest.builder(source, "dev").substituteAlways(true));

    assertThat(at(untouched.manifests().get(0), "metadata", "labels"))
        .isEqualTo(
            Map.of(
                "environment", "${cluster_env:=dev}", "region", "${cluster_region:=eu-central-1}"));
    assertThat(at(always.manifests().get(0), "metadata", "labels"))
        .isEqualTo(Map.of("environment", "dev", "region", "eu-central-1"));
    assertThat(always.files().values().iterator().next()).doesNotContain("${");
  }

  @Test
  void explicitlyEmptyVariablesAreSetInStrictMode() throws Exception {
    Path source =
        RenderFixtures.write(
                dir,
                "src/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n"
                    + "    from-inline: \"${empty_inline}\"\n    from-file: \"${empty_file}\"\n")
            .getParent();
    RenderFixtures.write(source, "environments/dev.yaml", "empty_file: \"\"\n");

    RenderResult result =
        render(source, RenderRequest.builder(source, "dev").var("empty_inline", ""));

    assertThat(at(result.manifests().get(0), "metadata", "labels"))
        .isEqualTo(Map.of("from-inline", "", "from-file", ""));
  }

  @Test
  void laterLayersWinNewlinesAreStrippedAndUnderscoreNamesAreAllowed() throws Exception {
    Path source = RenderFixtures.copy("flux/e1", dir.resolve("src"));
    RenderFixtures.write(source, "environments/common.yaml", "zone: \"\\naz-1a\\n\"\n");
    RenderFixtures.write(source, "environments/dev.yaml", "zone: \"\\naz-1b\\n\"\n");

    RenderResult result =
        render(source, RenderRequest.builder(source, "dev").var("_Region", "eu-central-1"));

    assertThat(at(find(result, "ServiceAccount", "test"), "metadata", "labels"))
        .isEqualTo(Map.of("environment", "dev", "region", "eu-central-1", "zone", "az-1b"));
    assertThat(at(find(result, "Secret", "test"), "stringData", "zone")).isEqualTo("az-1b");
  }

  @Test
  void inlineVariablesWinOverValuesFiles() throws Exception {
    Path source = RenderFixtures.copy("flux/e1", dir.resolve("src"));
    RenderFixtures.write(source, "environments/dev.yaml", "zone: file\n_Region: file\n");

    RenderResult result =
        render(source, RenderRequest.builder(source, "dev").var("zone", "inline"));

    assertThat(at(find(result, "ServiceAccount", "test"), "metadata", "labels", "zone"))
        .isEqualTo("inline");
  }

  @Test
  void typedValuesNeedQuotesOrStrTagsAndEscapesSurvive() throws Exception {
    Path source = RenderFixtures.copy("flux/e2", dir.resolve("src"));

    RenderResult result =
        render(
            source,
            RenderRequest.builder(source, "dev")
                .var("q", "\"")
                .var("numberStr", "!!str 123")
                .var("number", "123")
                .var("booleanStr", "!!str true")
                .var("boolean", "true"));

    Manifest sa = find(result, "ServiceAccount", "test");
    assertThat(at(sa, "metadata", "labels")).isEqualTo(Map.of("id", "123", "enabled", "true"));
    assertThat(at(sa, "metadata", "annotations")).isEqualTo(Map.of("id", "123", "enabled", "true"));
    Manifest cm = find(result, "ConfigMap", "test");
    assertThat(at(cm, "data", "id")).isEqualTo("123");
    assertThat((String) at(cm, "data", "text"))
        .contains("${var}")
        .doesNotContain("$${var}")
        .contains("\\?");
  }

  @Test
  void invalidVariableNamesAreRejectedWithFluxsMessage() {
    Path source = RenderFixtures.copy("flux/e1", dir.resolve("src"));

    for (String name : List.of("1abc", "my-var")) {
      assertThatThrownBy(() -> render(source, RenderRequest.builder(source, "dev").var(name, "x")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "'"
                  + name
                  + "' var name is invalid, must match "
                  + "'^[_[:alpha:]][_[:alpha:][:digit:]]*$'");
    }
  }

  @Test
  void aBadExpressionIsReportedWithEnvsubstsReason() {
    Path source =
        RenderFixtures.write(
                dir,
                "src/cm.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${var-default}\n")
            .getParent();

    assertThatThrownBy(() -> render(source, RenderRequest.builder(source, "dev").var("var", "x")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cm.yaml")
        .hasMessageContaining("missing closing brace");
  }
}
