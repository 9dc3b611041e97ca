package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks on rendered manifests, each of which can be switched off. */
class ValidationTest {
  @TempDir Path dir;

  private final Renderer renderer = new Renderer();

  private RenderResult render(String yaml, Validation validation, String image) throws Exception {
    RenderFixtures.write(dir, "src/manifests.yaml", yaml);
    return renderer.render(
        RenderRequest.builder(dir.resolve("src"), "dev")
            .validation(validation)
            .image(image)
            .build(),
        ProgressListener.NONE);
  }

  private static String pod(String image) {
    return "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns}\n"
        + "spec:\n  containers:\n  - name: c\n    image: "
        + image
        + "\n";
  }

  @Test
  void aMisspeltFieldIsReportedWithItsPath() {
    String yaml =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              contianers:
              - {name: web, image: "nginx:1.27"}
        """;

    assertThatThrownBy(() -> render(yaml, Validation.DEFAULT, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Deployment/shop/web")
        .hasMessageContaining("unknown field spec.template.spec.contianers");
  }

  @Test
  void aWrongTypeIsReportedWithItsPath() {
    String yaml =
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
            + "spec:\n  replicas: many\n  selector: {matchLabels: {app: web}}\n"
            + "  template: {metadata: {labels: {app: web}}, spec: {containers: []}}\n";

    assertThatThrownBy(() -> render(yaml, Validation.DEFAULT, null))
        .hasMessageContaining("spec.replicas");
  }

  @Test
  void customResourcesAreNotCheckedAgainstTheModel() throws Exception {
    RenderResult result =
        render(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n",
            Validation.DEFAULT,
            null);

    assertThat(result.manifests()).hasSize(1);
  }

  @Test
  void missingIdentityFieldsAndDuplicatesAreReported() {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        kind: ConfigMap
        metadata: {}
        """;

    assertThatThrownBy(() -> render(yaml, Validation.DEFAULT, null))
        .hasMessageContaining("duplicate of ConfigMap/a")
        .hasMessageContaining("missing apiVersion, metadata.name")
        .hasMessageContaining("2 problems");
  }

  @Test
  void imagesNeedATagOrDigestAndNeverLatest() {
    assertThatThrownBy(() -> render(pod("nginx"), Validation.DEFAULT, null))
        .hasMessageContaining("spec.containers[0].image 'nginx' has neither tag nor digest");
    assertThatThrownBy(() -> render(pod("nginx:latest"), Validation.DEFAULT, null))
        .hasMessageContaining("uses :latest");
  }

  @Test
  void aWorkloadStillPinningAnOldVersionOfThePromotedImageIsCaught() {
    assertThatThrownBy(
            () ->
                render(
                    pod("example.com/team/web:1.0.0"),
                    Validation.DEFAULT,
                    "example.com/team/web:2.0.0"))
        .hasMessageContaining("is not the promoted image example.com/team/web:2.0.0");
  }

  @Test
  void dockerHubNamesAreComparedInTheirFullForm() throws Exception {
    assertThatThrownBy(
            () -> render(pod("docker.io/library/nginx:1.0"), Validation.DEFAULT, "nginx:1.1"))
        .hasMessageContaining("is not the promoted image nginx:1.1");
  }

  @Test
  void everyCheckCanBeTurnedOff() throws Exception {
    assertThat(
            render(pod("nginx:latest"), new Validation(true, true, false, true), null).manifests())
        .hasSize(1);
    assertThat(
            render(
                    pod("example.com/web:1"),
                    new Validation(true, true, true, false),
                    "example.com/web:2")
                .manifests())
        .hasSize(1);
    assertThat(render("kind: ConfigMap\nmetadata: {}\n", Validation.NONE, null).manifests())
        .hasSize(1);
  }

  @Test
  void setValuesAreRefusedOutsideHelm() {
    RenderFixtures.write(
        dir, "src/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");

    assertThatThrownBy(
            () ->
                renderer.render(
                    RenderRequest.builder(dir.resolve("src"), "dev").set("a", "b").build(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--set values apply to Helm charts only");
  }
}
