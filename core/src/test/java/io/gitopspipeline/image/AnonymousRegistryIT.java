package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Progress;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolve, retag, list and existence checks against a real, anonymous docker-registry. */
class AnonymousRegistryIT {
  @TempDir static Path dir;
  private static LocalRegistry registry;
  private static HttpRegistryClient client;

  private final List<Progress> progress = new ArrayList<>();

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = LocalRegistry.start(dir);
    client =
        new HttpRegistryClient(
            RegistryClientOptions.defaults().withInsecureRegistries(Set.of(registry.address())),
            p -> {});
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  private ImageReference ref(String nameAndTag) throws Exception {
    return ImageReference.parse(registry.address() + "/" + nameAndTag);
  }

  @Test
  void resolvesATagToTheDigestAndMediaTypeOfThePushedManifest() throws Exception {
    TestImages.Pushed pushed =
        TestImages.pushImage(client, ref("resolve/app:1.0"), "amd64", "resolve", false);

    ManifestDescriptor resolved = client.resolve(ref("resolve/app:1.0"));

    assertThat(resolved.digest()).isEqualTo(pushed.digest());
    assertThat(resolved.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(resolved.size()).isEqualTo(pushed.manifest().length);
  }

  @Test
  void retaggingASingleArchImageKeepsItsDigestAndBytes() throws Exception {
    TestImages.Pushed pushed =
        TestImages.pushImage(client, ref("single/app:build"), "amd64", "single", true);

    TagResult result =
        new ImageTagger(client)
            .tag(ref("single/app:build"), List.of("1.4.0", "0123456"), false, progress::add);

    assertThat(result.digest()).isEqualTo(pushed.digest());
    assertThat(result.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(result.tagged())
        .extracting(ImageReference::toString)
        .containsExactly(
            registry.address() + "/single/app:1.4.0", registry.address() + "/single/app:0123456");
    for (String tag : List.of("1.4.0", "0123456")) {
      assertThat(client.resolve(ref("single/app:" + tag)).digest()).isEqualTo(pushed.digest());
      assertThat(client.fetchManifest(ref("single/app:" + tag)).content())
          .isEqualTo(pushed.manifest());
    }
    assertThat(progress).extracting(Progress::message).anyMatch(m -> m.startsWith("tagged "));
  }

  @Test
  void retaggingAMultiArchIndexKeepsItsDigest() throws Exception {
    TestImages.Pushed amd64 =
        TestImages.pushImage(client, ref("multi/app:amd64"), "amd64", "amd64", true);
    TestImages.Pushed arm64 =
        TestImages.pushImage(client, ref("multi/app:arm64"), "arm64", "arm64", true);
    TestImages.Pushed index =
        TestImages.pushIndex(
            client, ref("multi/app:build"), List.of(amd64, arm64), List.of("amd64", "arm64"));

    TagResult result =
        new ImageTagger(client).tag(ref("multi/app:build"), List.of("2.0.0"), false, p -> {});

    ManifestDescriptor tagged = client.resolve(ref("multi/app:2.0.0"));
    assertThat(result.digest()).isEqualTo(index.digest());
    assertThat(tagged.digest()).isEqualTo(index.digest());
    assertThat(tagged.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(client.fetchManifest(ref("multi/app:2.0.0")).content()).isEqualTo(index.manifest());
  }

  @Test
  void skopeoSeesTheSameDigestAndBytesUnderTheNewTag() throws Exception {
    Path skopeo = TestTools.require("skopeo");
    TestImages.Pushed amd64 =
        TestImages.pushImage(client, ref("skopeo/app:amd64"), "amd64", "s-amd64", true);
    TestImages.Pushed arm64 =
        TestImages.pushImage(client, ref("skopeo/app:arm64"), "arm64", "s-arm64", true);
    TestImages.Pushed index =
        TestImages.pushIndex(
            client, ref("skopeo/app:build"), List.of(amd64, arm64), List.of("amd64", "arm64"));

    new ImageTagger(client).tag(ref("skopeo/app:build"), List.of("release"), false, p -> {});

    Process inspect =
        new ProcessBuilder(
                skopeo.toString(),
                "inspect",
                "--raw",
                "--tls-verify=false",
                "docker://" + registry.address() + "/skopeo/app:release")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] raw = inspect.getInputStream().readAllBytes();
    assertThat(inspect.waitFor()).isZero();
    assertThat(raw).isEqualTo(index.manifest());
    assertThat(HttpRegistryClient.digestOf(raw, "sha256")).isEqualTo(index.digest());
  }

  @Test
  void tagsAnImageGivenByDigest() throws Exception {
    TestImages.Pushed pushed =
        TestImages.pushImage(client, ref("bydigest/app:x"), "amd64", "bydigest", false);

    TagResult result =
        new ImageTagger(client)
            .tag(ref("bydigest/app@" + pushed.digest()), List.of("pinned"), false, p -> {});

    assertThat(result.digest()).isEqualTo(pushed.digest());
    assertThat(client.resolve(ref("bydigest/app:pinned")).digest()).isEqualTo(pushed.digest());
  }

  @Test
  void refusesToMoveAnExistingTagToAnotherDigest() throws Exception {
    TestImages.Pushed old =
        TestImages.pushImage(client, ref("immutable/app:stable"), "amd64", "old", false);
    TestImages.pushImage(client, ref("immutable/app:candidate"), "amd64", "new", false);

    assertThatThrownBy(
            () ->
                new ImageTagger(client)
                    .tag(
                        ref("immutable/app:candidate"), List.of("fresh", "stable"), false, p -> {}))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("refusing to move tag 'stable' (now " + old.digest() + ")")
        .hasMessageContaining("Nothing was tagged");

    assertThat(client.resolve(ref("immutable/app:stable")).digest()).isEqualTo(old.digest());
    assertThat(client.exists(ref("immutable/app:fresh"))).isFalse();
  }

  @Test
  void movesAnExistingTagWhenAllowed() throws Exception {
    TestImages.pushImage(client, ref("movable/app:stable"), "amd64", "old", false);
    TestImages.Pushed candidate =
        TestImages.pushImage(client, ref("movable/app:candidate"), "amd64", "new", false);

    TagResult result =
        new ImageTagger(client).tag(ref("movable/app:candidate"), List.of("stable"), true, p -> {});

    assertThat(result.moved()).extracting(ImageReference::tag).containsExactly("stable");
    assertThat(client.resolve(ref("movable/app:stable")).digest()).isEqualTo(candidate.digest());
  }

  @Test
  void retaggingATagThatAlreadyPointsToTheDigestChangesNothing() throws Exception {
    TestImages.pushImage(client, ref("again/app:1.0"), "amd64", "again", false);
    ImageTagger tagger = new ImageTagger(client);
    tagger.tag(ref("again/app:1.0"), List.of("stable"), false, p -> {});

    TagResult second = tagger.tag(ref("again/app:1.0"), List.of("stable"), false, p -> {});

    assertThat(second.unchanged()).extracting(ImageReference::tag).containsExactly("stable");
  }

  @Test
  void listsEveryTagOfARepository() throws Exception {
    // distribution 2.8 answers with one page (it ignores n); Link pagination is covered against
    // WireMock in BearerTokenFlowTest.
    TestImages.pushImage(client, ref("listed/app:a"), "amd64", "listed", false);
    new ImageTagger(client).tag(ref("listed/app:a"), List.of("b", "c", "d", "e"), false, p -> {});

    assertThat(client.listTags(ref("listed/app")))
        .containsExactlyInAnyOrder("a", "b", "c", "d", "e");
  }

  @Test
  void checksWhetherReferencesExist() throws Exception {
    TestImages.Pushed pushed =
        TestImages.pushImage(client, ref("exists/app:1"), "amd64", "exists", false);

    assertThat(client.exists(ref("exists/app:1"))).isTrue();
    assertThat(client.exists(ref("exists/app@" + pushed.digest()))).isTrue();
    assertThat(client.exists(ref("exists/app:2"))).isFalse();
    assertThat(client.exists(ref("no/such/repository:1"))).isFalse();
  }

  @Test
  void missingImageErrorNamesRegistryRepositoryAndTag() {
    assertThatThrownBy(() -> client.resolve(ref("missing/app:9.9.9")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("repository missing/app on registry " + registry.address())
        .hasMessageContaining("'9.9.9'");
  }

  @Test
  void usesTlsUnlessTheRegistryIsAllowedAsInsecure() {
    HttpRegistryClient strict = new HttpRegistryClient(RegistryClientOptions.defaults(), p -> {});

    assertThatThrownBy(() -> strict.resolve(ref("any/app:1")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining(registry.address())
        .hasMessageContaining("insecure registry");
  }
}
