package io.gitopspipeline.image;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bearer-token challenge flow Docker Hub, GHCR, ACR, ECR and Harbor use, and retries, against
 * WireMock with exact request assertions.
 */
class BearerTokenFlowTest {
  private static final String DIGEST =
      "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
  private static final String MANIFEST_PATH = "/v2/team/app/manifests/1.0";

  private WireMockServer server;
  private String registry;
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    registry = "127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private HttpRegistryClient client(CredentialSource credentials) {
    RegistryClientOptions options =
        RegistryClientOptions.defaults()
            .withInsecureRegistries(Set.of(registry))
            .withCredentials(credentials)
            .withRetries(3, Duration.ofMillis(100), Duration.ofSeconds(10));
    return new HttpRegistryClient(
        options,
        p -> {},
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
        sleeps::add);
  }

  private String challenge(String scope) {
    return "Bearer realm=\"http://"
        + registry
        + "/token\",service=\"registry.test\",scope=\""
        + scope
        + "\"";
  }

  private void stubChallengedManifest(String token) {
    server.stubFor(
        head(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", absent())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", challenge("repository:team/app:pull"))));
    server.stubFor(
        head(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", equalTo("Bearer " + token))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Docker-Content-Digest", DIGEST)
                    .withHeader("Content-Type", MediaTypes.OCI_INDEX)
                    .withHeader("Content-Length", "321")));
  }

  @Test
  void fetchesATokenWithCredentialsFromTheChallengeRealmAndRetries() throws Exception {
    stubChallengedManifest("t0k3n");
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .willReturn(
                aResponse().withStatus(200).withBody("{\"token\":\"t0k3n\",\"expires_in\":300}")));

    ManifestDescriptor resolved =
        client(CredentialSource.of(new RegistryCredentials("bob", Secret.of("hunter2"))))
            .resolve(ImageReference.parse(registry + "/team/app:1.0"));

    assertThat(resolved).isEqualTo(new ManifestDescriptor(DIGEST, MediaTypes.OCI_INDEX, 321));
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("bob:hunter2".getBytes(StandardCharsets.UTF_8));
    server.verify(
        1,
        getRequestedFor(
                urlEqualTo("/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull"))
            .withHeader("Authorization", equalTo(basic)));
    server.verify(
        1,
        headRequestedFor(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", absent())
            .withHeader(
                "Accept",
                equalTo(
                    "application/vnd.oci.image.index.v1+json,"
                        + " application/vnd.oci.image.manifest.v1+json,"
                        + " application/vnd.docker.distribution.manifest.list.v2+json,"
                        + " application/vnd.docker.distribution.manifest.v2+json")));
    server.verify(
        1,
        headRequestedFor(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", equalTo("Bearer t0k3n")));
    assertThat(server.getAllServeEvents()).hasSize(3);
  }

  @Test
  void fetchesAnAnonymousTokenWithoutCredentials() throws Exception {
    stubChallengedManifest("anon");
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"anon\"}")));

    client(CredentialSource.ANONYMOUS).resolve(ImageReference.parse(registry + "/team/app:1.0"));

    server.verify(
        1,
        getRequestedFor(
                urlEqualTo("/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull"))
            .withHeader("Authorization", absent()));
  }

  @Test
  void reusesTheTokenForTheSameScope() throws Exception {
    stubChallengedManifest("t0k3n");
    server.stubFor(
        get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"t0k3n\"}")));
    HttpRegistryClient client = client(CredentialSource.ANONYMOUS);
    ImageReference reference = ImageReference.parse(registry + "/team/app:1.0");

    client.resolve(reference);
    client.resolve(reference);

    server.verify(1, getRequestedFor(urlPathEqualTo("/token")));
    server.verify(
        2,
        headRequestedFor(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", equalTo("Bearer t0k3n")));
  }

  @Test
  void asksForAPushScopeToPutAManifest() throws Exception {
    server.stubFor(
        put(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", absent())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", challenge("repository:team/app:pull,push"))));
    server.stubFor(
        put(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", equalTo("Bearer pusher"))
            .willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", DIGEST)));
    server.stubFor(
        get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"pusher\"}")));
    byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);

    client(CredentialSource.of(new RegistryCredentials("bob", Secret.of("hunter2"))))
        .putManifest(
            ImageReference.parse(registry + "/team/app:1.0"),
            new Manifest(bytes, MediaTypes.OCI_MANIFEST, DIGEST));

    server.verify(
        getRequestedFor(
            urlEqualTo(
                "/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull%2Cpush")));
    server.verify(
        putRequestedFor(urlEqualTo(MANIFEST_PATH))
            .withHeader("Authorization", equalTo("Bearer pusher"))
            .withHeader("Content-Type", equalTo(MediaTypes.OCI_MANIFEST)));
  }

  @Test
  void refusedTokenNamesRegistryRepositoryAndUserButNoSecret() {
    stubChallengedManifest("never");
    server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)));

    assertThatThrownBy(
            () ->
                client(CredentialSource.of(new RegistryCredentials("bob", Secret.of("hunter2"))))
                    .resolve(ImageReference.parse(registry + "/team/app:1.0")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("registry " + registry)
        .hasMessageContaining("repository team/app")
        .hasMessageContaining("bearer token requested as user 'bob'")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void listsTagsFollowingLinkPagination() throws Exception {
    server.stubFor(
        get(urlEqualTo("/v2/team/app/tags/list?n=2"))
            .willReturn(
                aResponse()
                    .withHeader("Link", "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"")
                    .withBody("{\"name\":\"team/app\",\"tags\":[\"a\",\"b\"]}")));
    server.stubFor(
        get(urlEqualTo("/v2/team/app/tags/list?n=2&last=b"))
            .willReturn(
                aResponse()
                    .withHeader(
                        "Link",
                        "<http://" + registry + "/v2/team/app/tags/list?n=2&last=d>; rel=\"next\"")
                    .withBody("{\"name\":\"team/app\",\"tags\":[\"c\",\"d\"]}")));
    server.stubFor(
        get(urlEqualTo("/v2/team/app/tags/list?n=2&last=d"))
            .willReturn(aResponse().withBody("{\"name\":\"team/app\",\"tags\":[\"e\"]}")));

    List<String> tags =
        client(CredentialSource.ANONYMOUS)
            .listTags(ImageReference.parse(registry + "/team/app"), 2);

    assertThat(tags).containsExactly("a", "b", "c", "d", "e");
    server.verify(3, getRequestedFor(urlPathEqualTo("/v2/team/app/tags/list")));
  }

  @Test
  void refusesALinkToAnotherServer() {
    server.stubFor(
        get(urlEqualTo("/v2/team/app/tags/list"))
            .willReturn(
                aResponse()
                    .withHeader(
                        "Link", "<http://evil.example/v2/team/app/tags/list?last=b>; rel=\"next\"")
                    .withBody("{\"name\":\"team/app\",\"tags\":[\"a\"]}")));

    assertThatThrownBy(
            () ->
                client(CredentialSource.ANONYMOUS)
                    .listTags(ImageReference.parse(registry + "/team/app")))
        .hasMessageContaining("pointed to another server (http://evil.example)");
  }

  @Test
  void retriesServiceUnavailableHonouringRetryAfter() throws Exception {
    server.stubFor(
        head(urlEqualTo(MANIFEST_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2"))
            .willSetStateTo("recovered"));
    server.stubFor(
        head(urlEqualTo(MANIFEST_PATH))
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Docker-Content-Digest", DIGEST)
                    .withHeader("Content-Type", MediaTypes.DOCKER_MANIFEST)));

    ManifestDescriptor resolved =
        client(CredentialSource.ANONYMOUS)
            .resolve(ImageReference.parse(registry + "/team/app:1.0"));

    assertThat(resolved.digest()).isEqualTo(DIGEST);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
    server.verify(2, headRequestedFor(urlEqualTo(MANIFEST_PATH)));
  }

  @Test
  void retriesADroppedConnection() throws Exception {
    // A PUT: java.net.http itself retries idempotent requests once, which would hide ours.
    server.stubFor(
        put(urlEqualTo(MANIFEST_PATH))
            .inScenario("reset")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("up"));
    server.stubFor(
        put(urlEqualTo(MANIFEST_PATH))
            .inScenario("reset")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(201).withHeader("Docker-Content-Digest", DIGEST)));

    client(CredentialSource.ANONYMOUS)
        .putManifest(
            ImageReference.parse(registry + "/team/app:1.0"),
            new Manifest("{}".getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST, DIGEST));

    assertThat(sleeps).containsExactly(Duration.ofMillis(100));
    server.verify(2, putRequestedFor(urlEqualTo(MANIFEST_PATH)));
  }

  @Test
  void givesUpAfterTheLastAttemptWithExponentialBackoff() {
    server.stubFor(head(urlEqualTo(MANIFEST_PATH)).willReturn(aResponse().withStatus(429)));

    assertThatThrownBy(
            () ->
                client(CredentialSource.ANONYMOUS)
                    .resolve(ImageReference.parse(registry + "/team/app:1.0")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("the registry answered 429 after 3 attempts");
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    server.verify(3, headRequestedFor(urlEqualTo(MANIFEST_PATH)));
  }

  @Test
  void forbiddenNamesTheAuthMethod() {
    server.stubFor(head(urlEqualTo(MANIFEST_PATH)).willReturn(aResponse().withStatus(403)));

    assertThatThrownBy(
            () ->
                client(CredentialSource.ANONYMOUS)
                    .resolve(ImageReference.parse(registry + "/team/app:1.0")))
        .hasMessageContaining("403 Forbidden")
        .hasMessageContaining("auth: anonymous")
        .hasMessageContaining("repository team/app on registry " + registry);
  }

  @Test
  void refusesAManifestWhoseBytesDoNotMatchTheDigest() {
    server.stubFor(
        get(urlEqualTo("/v2/team/app/manifests/" + DIGEST))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                    .withBody("{\"tampered\":true}")));

    assertThatThrownBy(
            () ->
                client(CredentialSource.ANONYMOUS)
                    .fetchManifest(ImageReference.parse(registry + "/team/app@" + DIGEST)))
        .hasMessageContaining("does not match its digest");
  }
}
