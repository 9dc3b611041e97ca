package io.gitopspipeline.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.LocalRegistry;
import io.gitopspipeline.image.Manifest;
import io.gitopspipeline.image.MediaTypes;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.image.RegistryCredentials;
import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.testing.TestTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flux artifacts against real Debian docker-registries (anonymous and htpasswd), read back with
 * skopeo; hostile artifacts stored in the real registry are refused on pull.
 */
class ArtifactRegistryIT {
  private static final String USER = "ci-bot";
  private static final String PASSWORD = "artifact-Pa55word";
  private static final String SOURCE = "https://git.example.com/acme/app.git";
  private static final String REVISION = "main@sha1:0123456789abcdef0123456789abcdef01234567";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path registries;
  @TempDir Path dir;
  private static LocalRegistry anonymous;
  private static LocalRegistry secured;

  @BeforeAll
  static void start() throws Exception {
    anonymous = LocalRegistry.start(Files.createDirectories(registries.resolve("anon")));
    secured =
        LocalRegistry.start(Files.createDirectories(registries.resolve("auth")), USER, PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (anonymous != null) {
      anonymous.close();
    }
    if (secured != null) {
      secured.close();
    }
  }

  private static HttpRegistryClient client(LocalRegistry registry, CredentialSource credentials) {
    return new HttpRegistryClient(
        RegistryClientOptions.defaults()
            .withInsecureRegistries(Set.of(registry.address()))
            .withCredentials(credentials),
        p -> {});
  }

  private static HttpRegistryClient anonymousClient() {
    return client(anonymous, CredentialSource.ANONYMOUS);
  }

  private Path manifests(String name) throws Exception {
    Path root = dir.resolve(name);
    Files.createDirectories(root.resolve("shop"));
    Files.writeString(
        root.resolve("shop/deployment-web.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
    Files.writeString(
        root.resolve("shop/service-web.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n");
    return root;
  }

  private static ArtifactPusher.Request request(
      Path directory, ImageReference ref, List<String> tags, boolean allowMove) {
    return new ArtifactPusher.Request(
        directory, ref, tags, SOURCE, REVISION, null, allowMove, SecretPolicy.REFUSE_PLAIN);
  }

  private static ImageReference ref(LocalRegistry registry, String repoAndTag) throws Exception {
    return ArtifactReference.parse("oci://" + registry.address() + "/" + repoAndTag);
  }

  private static String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestTools.require("skopeo").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private static Map<String, String> files(Path root) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void skopeoReadsAFluxArtifactWithItsMediaTypesAnnotationsAndFiles() throws Exception {
    Path input = manifests("in");
    PushResult pushed =
        new ArtifactPusher(anonymousClient())
            .push(
                request(input, ref(anonymous, "acme/app-manifests:1.0.0"), List.of(), false),
                p -> {});

    String raw =
        skopeo(
            "inspect",
            "--raw",
            "--tls-verify=false",
            "docker://" + anonymous.address() + "/acme/app-manifests:1.0.0");
    JsonNode manifest = JSON.readTree(raw);
    assertThat(sha256(raw.getBytes(StandardCharsets.UTF_8))).isEqualTo(pushed.digest());
    assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.cncf.flux.config.v1+json");
    JsonNode layer = manifest.path("layers").get(0);
    assertThat(layer.path("mediaType").asText())
        .isEqualTo("application/vnd.cncf.flux.content.v1.tar+gzip");
    assertThat(layer.path("digest").asText()).isEqualTo(pushed.layerDigest());
    assertThat(manifest.path("annotations").path("org.opencontainers.image.source").asText())
        .isEqualTo(SOURCE);
    assertThat(manifest.path("annotations").path("org.opencontainers.image.revision").asText())
        .isEqualTo(REVISION);
    assertThat(
            Instant.parse(
                manifest.path("annotations").path("org.opencontainers.image.created").asText()))
        .isNotNull();

    Path copied = dir.resolve("copied");
    skopeo(
        "copy",
        "--src-tls-verify=false",
        "docker://" + anonymous.address() + "/acme/app-manifests:1.0.0",
        "dir:" + copied);
    Path layerFile = copied.resolve(pushed.layerDigest().substring("sha256:".length()));
    assertThat(sha256(Files.readAllBytes(layerFile))).isEqualTo(pushed.layerDigest());
    Path extracted = Files.createDirectories(dir.resolve("extracted"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", layerFile.toString(), "-C", extracted.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor()).isZero();
    assertThat(files(extracted)).isEqualTo(files(input));
  }

  @Test
  void pushingTheSameFilesAgainCreatesNothingNewAndAChangedFileDoes() throws Exception {
    ArtifactPusher pusher = new ArtifactPusher(anonymousClient());
    Path input = manifests("repro");
    PushResult first =
        pusher.push(request(input, ref(anonymous, "acme/repro:dev"), List.of(), false), p -> {});
    PushResult again =
        pusher.push(
            request(manifests("repro-copy"), ref(anonymous, "acme/repro:dev"), List.of(), false),
            p -> {});

    assertThat(again.digest()).isEqualTo(first.digest());
    assertThat(again.layerDigest()).isEqualTo(first.layerDigest());
    assertThat(again.uploaded()).isFalse();
    assertThat(again.unchangedTags()).containsExactly("dev");

    Files.writeString(input.resolve("shop/service-web.yaml"), "changed: true\n");
    PushResult changed =
        pusher.push(request(input, ref(anonymous, "acme/repro:dev2"), List.of(), false), p -> {});
    assertThat(changed.layerDigest()).isNotEqualTo(first.layerDigest());
    assertThat(changed.digest()).isNotEqualTo(first.digest());
  }

  @Test
  void extraTagsPointToTheSameDigestAndExistingTagsAreImmutable() throws Exception {
    HttpRegistryClient client = anonymousClient();
    ArtifactPusher pusher = new ArtifactPusher(client);
    PushResult pushed =
        pusher.push(
            request(
                manifests("tags"),
                ref(anonymous, "acme/tags:1.0.0"),
                List.of("latest", "prod"),
                false),
            p -> {});

    assertThat(pushed.tags()).containsExactly("1.0.0", "latest", "prod");
    for (String tag : pushed.tags()) {
      assertThat(client.resolve(ref(anonymous, "acme/tags:" + tag)).digest())
          .isEqualTo(pushed.digest());
    }

    Path other = manifests("tags-2");
    Files.writeString(other.resolve("shop/new.yaml"), "kind: ConfigMap\n");
    assertThatThrownBy(
            () ->
                pusher.push(
                    request(other, ref(anonymous, "acme/tags:1.1.0"), List.of("latest"), false),
                    p -> {}))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("refusing to move tag 'latest' (now " + pushed.digest() + ")")
        .hasMessageContaining("Nothing was pushed");
    assertThat(client.exists(ref(anonymous, "acme/tags:1.1.0"))).isFalse();

    PushResult moved =
        pusher.push(
            request(other, ref(anonymous, "acme/tags:1.1.0"), List.of("latest"), true), p -> {});
    assertThat(moved.movedTags()).containsExactly("latest");
    assertThat(client.resolve(ref(anonymous, "acme/tags:latest")).digest())
        .isEqualTo(moved.digest());
  }

  @Test
  void pushesAndPullsWithHtpasswdCredentials() throws Exception {
    HttpRegistryClient client =
        client(secured, CredentialSource.of(new RegistryCredentials(USER, Secret.of(PASSWORD))));
    Path input = manifests("auth");
    PushResult pushed =
        new ArtifactPusher(client)
            .push(request(input, ref(secured, "acme/private:1"), List.of(), false), p -> {});

    skopeo(
        "inspect",
        "--raw",
        "--tls-verify=false",
        "--creds",
        USER + ":" + PASSWORD,
        "docker://" + secured.address() + "/acme/private:1");
    Path out = dir.resolve("pulled");
    PullResult pulled =
        new ArtifactPuller(client).pull(ref(secured, "acme/private:1"), out, p -> {});

    assertThat(pulled.digest()).isEqualTo(pushed.digest());
    assertThat(pulled.revision()).isEqualTo(REVISION);
    assertThat(pulled.source()).isEqualTo(SOURCE);
    assertThat(files(out)).isEqualTo(files(input));
    assertThatThrownBy(
            () ->
                new ArtifactPusher(client(secured, CredentialSource.ANONYMOUS))
                    .push(
                        request(input, ref(secured, "acme/private:2"), List.of(), false), p -> {}))
        .isInstanceOf(GitOpsException.class);
  }

  @Test
  void refusesToPushAPlaintextSecret() throws Exception {
    Path input = manifests("secret");
    Files.writeString(
        input.resolve("shop/secret-db.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
            + "stringData:\n  password: hunter2-artifact\n");

    assertThatThrownBy(
            () ->
                new ArtifactPusher(anonymousClient())
                    .push(
                        request(input, ref(anonymous, "acme/secret:1"), List.of(), false), p -> {}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shop/Secret/db")
        .hasMessageNotContaining("hunter2-artifact");
    assertThat(anonymousClient().exists(ref(anonymous, "acme/secret:1"))).isFalse();
  }

  /** Stores a hand-made artifact whose layer is {@code gz}. */
  private static ImageReference storeArtifact(String repoAndTag, byte[] gz) throws Exception {
    HttpRegistryClient client = anonymousClient();
    ImageReference ref = ref(anonymous, repoAndTag);
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    client.pushBlob(ref.repositoryOnly(), config);
    String layerDigest = client.pushBlob(ref.repositoryOnly(), gz);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.cncf.flux.config.v1+json\",\"digest\":\""
            + sha256(config)
            + "\",\"size\":2},\"layers\":[{\"mediaType\":"
            + "\"application/vnd.cncf.flux.content.v1.tar+gzip\",\"digest\":\""
            + layerDigest
            + "\",\"size\":"
            + gz.length
            + "}]}";
    byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
    client.putManifest(ref, new Manifest(bytes, MediaTypes.OCI_MANIFEST, sha256(bytes)));
    return ref;
  }

  @Test
  void pullRefusesTraversalAndSymlinksAndWritesNothing() throws Exception {
    ImageReference traversal =
        storeArtifact(
            "hostile/traversal:1",
            new HostileTars().file("ok.yaml", "a: 1\n").file("../../escaped.yaml", "x").gzip());
    ImageReference link =
        storeArtifact(
            "hostile/link:1", new HostileTars().entry("passwd.yaml", '2', new byte[0]).gzip());
    Path out = Files.createDirectories(dir.resolve("sandbox")).resolve("out");

    assertThatThrownBy(() -> new ArtifactPuller(anonymousClient()).pull(traversal, out, p -> {}))
        .hasMessageContaining("'../../escaped.yaml'");
    assertThatThrownBy(() -> new ArtifactPuller(anonymousClient()).pull(link, out, p -> {}))
        .hasMessageContaining("a symbolic link");
    assertThat(out).doesNotExist();
    try (Stream<Path> left = Files.list(dir.resolve("sandbox"))) {
      assertThat(left).isEmpty();
    }
    assertThat(dir.resolve("escaped.yaml")).doesNotExist();
  }

  @Test
  void pullRefusesALayerLargerThanTheLimitBeforeDownloadingIt() throws Exception {
    ImageReference big =
        storeArtifact(
            "hostile/big:1", new HostileTars().entry("big.yaml", '0', new byte[300_000]).gzip());
    ImageReference bomb =
        storeArtifact(
            "hostile/bomb:1",
            new HostileTars().entry("bomb.yaml", '0', new byte[8 * 1024 * 1024]).gzip());

    assertThatThrownBy(
            () -> new ArtifactPuller(anonymousClient(), 100).pull(big, dir.resolve("a"), p -> {}))
        .hasMessageContaining("the limit is 100");
    assertThatThrownBy(
            () ->
                new ArtifactPuller(anonymousClient(), 1024 * 1024)
                    .pull(bomb, dir.resolve("b"), p -> {}))
        .hasMessageContaining("refusing the artifact's content");
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void pullRefusesALayerWhoseBytesDoNotMatchItsDigest() throws Exception {
    ImageReference ref =
        storeArtifact("hostile/tampered:1", new HostileTars().file("a.yaml", "a: 1\n").gzip());
    JsonNode manifest = JSON.readTree(anonymousClient().fetchManifest(ref).content());
    String hex = manifest.path("layers").get(0).path("digest").asText().substring(7);
    // Tamper with the registry's own storage, as a compromised registry would serve it.
    Path data =
        registries.resolve(
            "anon/data/docker/registry/v2/blobs/sha256/"
                + hex.substring(0, 2)
                + "/"
                + hex
                + "/data");
    byte[] original = Files.readAllBytes(data);
    byte[] tampered = new HostileTars().file("a.yaml", "b: 2\n").gzip();
    assertThat(tampered.length).isEqualTo(original.length);
    Files.write(data, tampered);

    assertThatThrownBy(
            () -> new ArtifactPuller(anonymousClient()).pull(ref, dir.resolve("t"), p -> {}))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("does not match its digest");
    assertThat(dir.resolve("t")).doesNotExist();
  }

  @Test
  void pullByDigestChecksTheManifest() throws Exception {
    PushResult pushed =
        new ArtifactPusher(anonymousClient())
            .push(
                request(manifests("bydigest"), ref(anonymous, "acme/bydigest:1"), List.of(), false),
                p -> {});
    PullResult pulled =
        new ArtifactPuller(anonymousClient())
            .pull(ArtifactReference.parse(pushed.ref()), dir.resolve("d"), p -> {});

    assertThat(pulled.digest()).isEqualTo(pushed.digest());
    assertThat(pulled.files()).containsExactly("shop/deployment-web.yaml", "shop/service-web.yaml");
  }
}
