package io.gitopspipeline.cli.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlCommandTest {
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void setEditsInPlaceAndReportsTheChange() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "image:\n  tag: \"1.9\" # pinned\n");

    CliRun run =
        CliRun.of("yaml", "set", file.toString(), "--path", "image.tag", "--value", "1.10");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readString(file)).isEqualTo("image:\n  tag: \"1.10\" # pinned\n");
    assertThat(run.stdout()).isEqualTo(file + ":2: image.tag: 1.9 -> 1.10\n");
  }

  @Test
  void setPrintsTheFilesAndChangesAsJson() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "a: 1\n");

    CliRun run =
        CliRun.of(
            "--output",
            "json",
            "yaml",
            "set",
            file.toString(),
            "--path",
            "b.c",
            "--value",
            "x",
            "--create");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("files")).hasSize(1);
    JsonNode only = result.get("files").get(0);
    assertThat(only.get("path").asText()).isEqualTo(file.toString());
    assertThat(only.get("changes").get(0).get("path").asText()).isEqualTo("b.c");
    assertThat(only.get("changes").get(0).get("old").isNull()).isTrue();
    assertThat(only.get("changes").get(0).get("new").asText()).isEqualTo("x");
    assertThat(Files.readString(file)).isEqualTo("a: 1\nb:\n  c: x\n");
  }

  @Test
  void dryRunPrintsAUnifiedDiffAndWritesNothing() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "a: 1\nb: 2\n");

    CliRun run =
        CliRun.of("yaml", "set", file.toString(), "--path", "b", "--value", "3", "--dry-run");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .isEqualTo(
            "--- a/" + file + "\n+++ b/" + file + "\n@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n+b: 3\n");
    assertThat(Files.readString(file)).isEqualTo("a: 1\nb: 2\n");
  }

  @Test
  void aMissingPathExitsTwoNamingTheDeepestKey() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "image:\n  repository: app\n");

    CliRun run = CliRun.of("yaml", "set", file.toString(), "--path", "image.tag", "--value", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("'image' exists but has no key 'tag'");
    assertThat(Files.readString(file)).isEqualTo("image:\n  repository: app\n");
  }

  @Test
  void setImageUpdatesFluxMarkersUnderADirectory() throws Exception {
    Files.createDirectories(dir.resolve("apps"));
    Path deployment = dir.resolve("apps/deploy.yaml");
    Files.writeString(
        deployment,
        "spec:\n  image: ghcr.io/acme/web:1.0 # {\"$imagepolicy\": \"flux-system:web\"}\n"
            + "  tag: \"1.0\" # {\"$imagepolicy\": \"flux-system:web:tag\"}\n");
    Files.writeString(dir.resolve("apps/other.yaml"), "a: 1\n");

    CliRun run =
        CliRun.of(
            "--output",
            "json",
            "yaml",
            "set-image",
            dir.toString(),
            "--policy",
            "flux-system:web=ghcr.io/acme/web:1.1");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode files = json.readTree(run.stdout()).get("files");
    assertThat(files).hasSize(1);
    assertThat(files.get(0).get("changes")).hasSize(2);
    assertThat(files.get(0).get("changes").get(1).get("setter").asText())
        .isEqualTo("flux-system:web:tag");
    assertThat(Files.readString(deployment))
        .isEqualTo(
            "spec:\n  image: ghcr.io/acme/web:1.1 # {\"$imagepolicy\": \"flux-system:web\"}\n"
                + "  tag: \"1.1\" # {\"$imagepolicy\": \"flux-system:web:tag\"}\n");
  }

  @Test
  void setImageRejectsAPolicyWithoutAnImage() {
    CliRun run = CliRun.of("yaml", "set-image", dir.toString(), "--policy", "flux-system:web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("NS:NAME=IMAGE_REF");
  }

  @Test
  void kustomizeImageSetsTheImageInADirectorysKustomization() throws Exception {
    Path file = dir.resolve("kustomization.yaml");
    Files.writeString(file, "resources:\n- a.yaml\n");

    CliRun run =
        CliRun.of("yaml", "kustomize-image", dir.toString(), "--image", "app=ghcr.io/acme/app:2.0");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(Files.readString(file))
        .isEqualTo(
            "resources:\n- a.yaml\nimages:\n- name: app\n  newName: ghcr.io/acme/app\n"
                + "  newTag: \"2.0\"\n");
  }

  @Test
  void kustomizeImageRejectsABadArgument() {
    CliRun run = CliRun.of("yaml", "kustomize-image", dir.toString(), "--image", "a=b=c");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("invalid image 'a=b=c'");
  }
}
