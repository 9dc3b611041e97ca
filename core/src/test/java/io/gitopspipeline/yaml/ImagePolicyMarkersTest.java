package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The setters test of fluxcd/image-automation-controller, and the marker rules around it. */
class ImagePolicyMarkersTest {
  private static final String DIGEST =
      "sha256:6745aaad46d795c9836632e1fb62f24b7e7f4c843144da8e47a5465c411a14be";

  private final YamlEditor editor = new YamlEditor();

  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = ImagePolicyMarkersTest.class.getResourceAsStream("/yaml/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Map<String, String> fluxPolicies() {
    Map<String, String> policies = new LinkedHashMap<>();
    policies.put("automation-ns:policy", "index.repo.fake/updated:v1.0.1");
    policies.put("automation-ns:policy-with-digest", "image:v1.0.0@" + DIGEST);
    return policies;
  }

  @Test
  void updatesMarkedFieldsLikeFluxSettersTestdata() throws Exception {
    for (String name : List.of("marked.yaml", "kustomization.yml", "test.yaml")) {
      Files.writeString(dir.resolve(name), resource("flux-setters/original/" + name));
    }

    List<FileEdit> edits = editor.setImagePolicies(dir, fluxPolicies());
    for (FileEdit edit : edits) {
      editor.write(edit);
    }

    assertThat(edits)
        .extracting(e -> e.path().getFileName().toString())
        .containsExactly("kustomization.yml", "marked.yaml");
    assertThat(Files.readString(dir.resolve("marked.yaml")))
        .isEqualTo(resource("flux-setters/expected/marked.yaml"));
    assertThat(Files.readString(dir.resolve("kustomization.yml")))
        .isEqualTo(resource("flux-setters/expected/kustomization.yml"));
    assertThat(Files.readString(dir.resolve("test.yaml"))).isEqualTo("testing.yaml\n");
  }

  @Test
  void searchesAFileNamedKustomizationWithoutExtensionLikeFlux() throws Exception {
    String marked = resource("flux-setters/original/kustomization.yml");
    Files.writeString(dir.resolve("Kustomization"), marked);
    Files.writeString(dir.resolve("kustomization.txt"), marked);
    Files.writeString(dir.resolve("kustomization"), marked);

    List<FileEdit> edits = editor.setImagePolicies(dir, fluxPolicies());

    assertThat(edits)
        .extracting(e -> e.path().getFileName().toString())
        .containsExactly("Kustomization");
    assertThat(edits.get(0).updatedText())
        .isEqualTo(resource("flux-setters/expected/kustomization.yml"));
  }

  @Test
  void reportsEachChangeWithItsSetterAndPath() throws Exception {
    Files.writeString(
        dir.resolve("kustomization.yml"), resource("flux-setters/original/kustomization.yml"));

    FileEdit edit = editor.setImagePolicies(dir, fluxPolicies()).get(0);

    assertThat(edit.changes())
        .contains(
            new Change(0, "images[0].newTag", 9, "v1", "v1.0.1", "automation-ns:policy:tag"),
            new Change(
                0,
                "patches[0].target.image",
                26,
                "image",
                "image:v1.0.0@" + DIGEST,
                "automation-ns:policy-with-digest"));
  }

  @Test
  void quotesATagThatWouldReadAsANumber() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "tag: \"1.9\" # {\"$imagepolicy\": \"flux-system:app:tag\"}\n");

    FileEdit edit =
        editor.setImagePolicies(file, Map.of("flux-system:app", "ghcr.io/org/app:1.10")).get(0);

    assertThat(edit.updatedText())
        .isEqualTo("tag: \"1.10\" # {\"$imagepolicy\": \"flux-system:app:tag\"}\n");
  }

  @Test
  void keepsAPlainTagPlainWhenNoReaderWouldMisreadTheNewOne() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(file, "tag: 1.0.0 # {\"$imagepolicy\": \"flux-system:app:tag\"}\n");

    FileEdit edit =
        editor.setImagePolicies(file, Map.of("flux-system:app", "ghcr.io/org/app:1.1.0")).get(0);

    assertThat(edit.updatedText())
        .isEqualTo("tag: 1.1.0 # {\"$imagepolicy\": \"flux-system:app:tag\"}\n");
  }

  @Test
  void ignoresCommentsThatAreNotOneJsonObjectOfStrings() throws Exception {
    Path file = dir.resolve("a.yaml");
    String yaml =
        "a: x # {\"$imagepolicy\": \"ns:app\"} trailing\n"
            + "b: x # {\"$imagepolicy\": \"ns:app\", \"n\": 1}\n"
            + "c: x # note \"$imagepolicy\"\n"
            + "d: x ## {\"$imagepolicy\": \"ns:app\"}\n";
    Files.writeString(file, yaml);

    List<FileEdit> edits = editor.setImagePolicies(file, Map.of("ns:app", "app:2"));

    assertThat(edits).hasSize(1);
    assertThat(edits.get(0).updatedText()).isEqualTo(yaml.replace("d: x ##", "d: app:2 ##"));
  }

  @Test
  void leavesADigestMarkerAloneWhenThePolicyHasNoDigest() throws Exception {
    Path file = dir.resolve("a.yaml");
    Files.writeString(file, "d: old # {\"$imagepolicy\": \"ns:app:digest\"}\n");

    assertThat(editor.setImagePolicies(file, Map.of("ns:app", "app:2"))).isEmpty();
  }

  @Test
  void rejectsMalformedPolicyArguments() {
    assertThatThrownBy(() -> editor.setImagePolicies(dir, Map.of("app", "app:1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("NAMESPACE:NAME");
    assertThatThrownBy(() -> editor.setImagePolicies(dir, Map.of("ns:app", "App:1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a valid image reference");
  }

  @Test
  void refusesAMarkedValueInsideAnAnchorThatAliasesRepeat() throws Exception {
    Path file = dir.resolve("a.yaml");
    Files.writeString(file, "base: &b\n  image: a:1 # {\"$imagepolicy\": \"ns:app\"}\nother: *b\n");

    assertThatThrownBy(() -> editor.setImagePolicies(file, Map.of("ns:app", "a:2")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("anchor &b");
    assertThat(Files.readString(file)).contains("a:1");
  }

  @Test
  void skipsHiddenDirectories() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/x.yaml"), "i: a:1 # {\"$imagepolicy\": \"ns:app\"}\n");

    assertThat(editor.setImagePolicies(dir, Map.of("ns:app", "a:2"))).isEmpty();
  }

  @Test
  void writesTheImageNameAsGivenNotNormalisedLikeFlux() throws Exception {
    Path file = dir.resolve("values.yaml");
    Files.writeString(
        file,
        """
        short: old # {"$imagepolicy": "ns:short:name"}
        full: old # {"$imagepolicy": "ns:full:name"}
        image: old # {"$imagepolicy": "ns:short"}
        tag: old # {"$imagepolicy": "ns:full:tag"}
        """);

    Map<String, String> policies = new LinkedHashMap<>();
    policies.put("ns:short", "nginx:1.27");
    policies.put("ns:full", "docker.io/library/nginx:1.27@" + DIGEST);
    for (FileEdit edit : editor.setImagePolicies(file, policies)) {
      editor.write(edit);
    }

    assertThat(Files.readString(file))
        .isEqualTo(
            """
            short: nginx # {"$imagepolicy": "ns:short:name"}
            full: docker.io/library/nginx # {"$imagepolicy": "ns:full:name"}
            image: nginx:1.27 # {"$imagepolicy": "ns:short"}
            tag: "1.27" # {"$imagepolicy": "ns:full:tag"}
            """);
  }

  @Test
  void rejectsAPolicyImageTheDistributionGrammarRejects() {
    assertThatThrownBy(() -> editor.setImagePolicies(dir, Map.of("ns:app", "app@sha256:abc")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("image for policy ns:app is not a valid image reference")
        .hasMessageContaining("digest");
  }
}
