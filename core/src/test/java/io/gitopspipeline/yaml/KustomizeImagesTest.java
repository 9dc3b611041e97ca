package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KustomizeImagesTest {
  private static final String DIGEST =
      "sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3";

  private final YamlEditor editor = new YamlEditor();

  @TempDir Path dir;

  private String edit(String kustomization, String image) throws Exception {
    Path file = dir.resolve("kustomization.yaml");
    Files.writeString(file, kustomization);
    FileEdit edit = editor.setKustomizeImage(file, KustomizeImage.parse(image));
    editor.write(edit);
    return Files.readString(file);
  }

  @Test
  void parsesEveryKustomizeArgumentForm() throws Exception {
    assertThat(KustomizeImage.parse("app=ghcr.io/org/app:1.2"))
        .isEqualTo(new KustomizeImage("app", "ghcr.io/org/app", "1.2", null));
    assertThat(KustomizeImage.parse("app=ghcr.io/org/app@" + DIGEST))
        .isEqualTo(new KustomizeImage("app", "ghcr.io/org/app", null, DIGEST));
    assertThat(KustomizeImage.parse("app=reg:5000/app:1.2@" + DIGEST))
        .isEqualTo(new KustomizeImage("app", "reg:5000/app", "1.2", DIGEST));
    assertThat(KustomizeImage.parse("app=mariadb"))
        .isEqualTo(new KustomizeImage("app", "mariadb", null, null));
    assertThat(KustomizeImage.parse("node:8.15.0"))
        .isEqualTo(new KustomizeImage("node", null, "8.15.0", null));
    assertThat(KustomizeImage.parse("alpine@" + DIGEST))
        .isEqualTo(new KustomizeImage("alpine", null, null, DIGEST));
    assertThat(KustomizeImage.parse("app=*:1.3"))
        .isEqualTo(new KustomizeImage("app", "*", "1.3", null));
    assertThatThrownBy(() -> KustomizeImage.parse("a=b=c"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NAME=NEWNAME:TAG");
  }

  @Test
  void updatesTheExistingEntryInPlace() throws Exception {
    String yaml =
        "resources:\n"
            + "- deployment.yaml\n"
            + "images:\n"
            + "- name: app # the app\n"
            + "  newName: ghcr.io/org/app\n"
            + "  newTag: \"1.1\"\n"
            + "- name: redis\n"
            + "  newTag: \"7\"\n";

    assertThat(edit(yaml, "app=ghcr.io/org/app:1.2"))
        .isEqualTo(yaml.replace("newTag: \"1.1\"", "newTag: \"1.2\""));
  }

  @Test
  void dropsFieldsNotGivenAsKustomizeDoesUnlessKeptWithAStar() throws Exception {
    String yaml =
        "images:\n"
            + "- name: app\n"
            + "  newName: ghcr.io/org/app\n"
            + "  digest: "
            + DIGEST
            + "\n"
            + "  newTag: v1 # pinned\n";

    assertThat(edit(yaml, "app=ghcr.io/org/app:v2"))
        .isEqualTo("images:\n- name: app\n  newName: ghcr.io/org/app\n  newTag: v2 # pinned\n");
    assertThat(edit(yaml, "app=*:v2"))
        .isEqualTo("images:\n- name: app\n  newName: ghcr.io/org/app\n  newTag: v2 # pinned\n");
  }

  @Test
  void addsMissingFieldsToTheEntry() throws Exception {
    String yaml = "images:\n  - name: app\n    newTag: v1\nresources:\n  - d.yaml\n";

    assertThat(edit(yaml, "app=ghcr.io/org/app:v1@" + DIGEST))
        .isEqualTo(
            "images:\n  - name: app\n    newTag: v1\n    newName: ghcr.io/org/app\n    digest: "
                + DIGEST
                + "\nresources:\n  - d.yaml\n");
  }

  @Test
  void appendsAnEntryOnlyWhenTheImageIsNotListed() throws Exception {
    String yaml = "images:\n  - name: redis\n    newTag: \"7\"\n# end\n";

    assertThat(edit(yaml, "app=ghcr.io/org/app:1.0"))
        .isEqualTo(
            "images:\n  - name: redis\n    newTag: \"7\"\n  - name: app\n"
                + "    newName: ghcr.io/org/app\n    newTag: \"1.0\"\n# end\n");
  }

  @Test
  void addsTheImagesListWhenThereIsNone() throws Exception {
    String yaml =
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- a.yaml\n";

    assertThat(edit(yaml, "app=ghcr.io/org/app:1.0"))
        .isEqualTo(yaml + "images:\n- name: app\n  newName: ghcr.io/org/app\n  newTag: \"1.0\"\n");
  }

  @Test
  void keepsCrlfWhenAddingLines() throws Exception {
    String yaml = "resources:\r\n- a.yaml\r\nimages:\r\n- name: redis\r\n  newTag: \"7\"\r\n";

    assertThat(edit(yaml, "app:2.0")).isEqualTo(yaml + "- name: app\r\n  newTag: \"2.0\"\r\n");
  }

  @Test
  void leavesTheFileUntouchedWhenNothingChanges() throws Exception {
    String yaml = "images:\n- name: app\n  newTag: v1\n";
    Path file = dir.resolve("kustomization.yaml");
    Files.writeString(file, yaml);

    FileEdit edit = editor.setKustomizeImage(file, KustomizeImage.parse("app:v1"));

    assertThat(edit.changed()).isFalse();
    assertThat(edit.changes()).isEmpty();
    assertThat(edit.unifiedDiff()).isEmpty();
  }

  @Test
  void rejectsAnInvalidNameOrDigest() {
    String yaml = "images:\n- name: app\n  newTag: v1\n";

    assertThatThrownBy(() -> edit(yaml, "app=ghcr.io/org/app:bad tag"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a valid image reference");
    assertThatThrownBy(() -> edit(yaml, "app@sha256:short"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a valid digest");
    // go-digest: a registered algorithm with its exact length, not just 32 or more hex digits
    assertThatThrownBy(() -> edit(yaml, "app@sha256:" + "a".repeat(40)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a valid digest");
  }

  @Test
  void refusesToAppendToANonEmptyFlowStyleList() {
    assertThatThrownBy(() -> edit("images: [{name: redis}]\n", "app=ghcr.io/org/app:1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("flow style");
  }

  @Test
  void turnsAnEmptyFlowListIntoABlockListWithTheNewEntry() throws Exception {
    assertThat(edit("images: []\n", "app=ghcr.io/org/app:v1"))
        .isEqualTo("images:\n- name: app\n  newName: ghcr.io/org/app\n  newTag: v1\n");
    assertThat(
            edit(
                "resources:\n  - deployment.yaml\nimages: [ ]  # none yet\nnamespace: web\n",
                "app:v2"))
        .isEqualTo(
            "resources:\n  - deployment.yaml\nimages:  # none yet\n  - name: app\n"
                + "    newTag: v2\nnamespace: web\n");
    assertThat(edit("images: []", "app:v2")).isEqualTo("images:\n- name: app\n  newTag: v2");
  }

  @Test
  void leavesAnEmptyFlowListItCannotRewriteSafely() {
    for (String yaml : List.of("images: &none []\n", "images: [\n]\n", "{images: []}\n")) {
      assertThatThrownBy(() -> edit(yaml, "app:v2"))
          .as(yaml)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("flow style");
    }
  }

  @Test
  void keepsATwoDotVersionTagPlain() throws Exception {
    assertThat(edit("images:\n- name: app\n  newTag: 1.0.0\n", "app:1.1.0"))
        .isEqualTo("images:\n- name: app\n  newTag: 1.1.0\n");
    assertThat(edit("images:\n- name: app\n  newTag: 1.0.0\n", "app:1.10"))
        .isEqualTo("images:\n- name: app\n  newTag: \"1.10\"\n");
  }

  @Test
  void kustomizeRendersTheImageTheEditSet() throws Exception {
    Path kubectl = io.gitopspipeline.testing.TestTools.require("kubectl");
    Files.writeString(
        dir.resolve("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
            + "    spec:\n      containers:\n      - name: app\n        image: app:0.1\n");
    String yaml =
        "resources:\n- deployment.yaml # the app\n\nimages:\n- name: app\n  newTag: \"0.9\"\n";

    edit(yaml, "app=ghcr.io/org/app:1.10@" + DIGEST);
    Process process =
        new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
            .redirectErrorStream(true)
            .start();
    String rendered = new String(process.getInputStream().readAllBytes());

    assertThat(process.waitFor()).as(rendered).isZero();
    assertThat(rendered).contains("image: ghcr.io/org/app:1.10@" + DIGEST);
  }
}
