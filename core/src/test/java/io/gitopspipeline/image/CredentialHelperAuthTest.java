package io.gitopspipeline.image;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Docker config whose credential helpers are real processes (the protocol-exact test helper),
 * against a registry and token service in WireMock with exact request assertions.
 */
class CredentialHelperAuthTest {
  private static final String DIGEST =
      "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";

  @TempDir Path dir;
  private WireMockServer server;
  private String registry;
  private ScriptedCredentialHelpers scripted;

  @BeforeEach
  void start() throws Exception {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    registry = "127.0.0.1:" + server.port();
    scripted = new ScriptedCredentialHelpers(dir).install("test").install("gh");
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private HttpRegistryClient client(String configJson) throws Exception {
    Path config = dir.resolve("config.json");
    Files.writeString(config, configJson.replace("REGISTRY", registry));
    return new HttpRegistryClient(
        RegistryClientOptions.defaults()
            .withInsecureRegistries(Set.of(registry))
            .withCredentials(DockerConfigCredentials.load(config, scripted.helpers()))
            .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10)),
        p -> {},
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
        d -> {});
  }

  private void stubBearerRegistry(String repository, String token) {
    String path = "/v2/" + repository + "/manifests/1.0";
    server.stubFor(
        head(urlEqualTo(path))
            .withHeader("Authorization", absent())
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://"
                            + registry
                            + "/token\",service=\"registry.test\",scope=\"repository:"
                            + repository
                            + ":pull\"")));
    server.stubFor(
        head(urlEqualTo(path))
            .withHeader("Authorization", equalTo("Bearer " + token))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Docker-Content-Digest", DIGEST)
                    .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                    .withHeader("Content-Length", "321")));
  }

  private ImageReference ref(String repository) throws Exception {
    return ImageReference.parse(registry + "/" + repository + ":1.0");
  }

  private static String basic(String pair) {
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsTheCredentialsOfTheRegistrysCredHelperRatherThanTheCredsStores() throws Exception {
    scripted
        .store("test", registry, "store-user", "store-pw")
        .store("gh", registry, "helper-user", "helper-pw");
    stubBearerRegistry("team/app", "t0k3n");
    server.stubFor(
        get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"t0k3n\"}")));

    ManifestDescriptor resolved =
        client(
                "{\"auths\":{\"REGISTRY\":{\"auth\":\"ZmlsZTpwdw==\"}},"
                    + "\"credsStore\":\"test\",\"credHelpers\":{\"REGISTRY\":\"gh\"}}")
            .resolve(ref("team/app"));

    assertThat(resolved.digest()).isEqualTo(DIGEST);
    server.verify(
        1,
        getRequestedFor(
                urlEqualTo("/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull"))
            .withHeader("Authorization", equalTo(basic("helper-user:helper-pw"))));
    assertThat(scripted.requests("gh")).containsExactly(registry);
    assertThat(scripted.requests("test")).isEmpty();
  }

  @Test
  void usesTheCredsStoreForARegistryWithoutItsOwnHelper() throws Exception {
    scripted.store("test", registry, "store-user", "store-pw");
    stubBearerRegistry("team/app", "t0k3n");
    server.stubFor(
        get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"t0k3n\"}")));

    client("{\"credsStore\":\"test\",\"credHelpers\":{\"ghcr.io\":\"gh\"}}")
        .resolve(ref("team/app"));

    server.verify(
        1,
        getRequestedFor(urlPathEqualTo("/token"))
            .withHeader("Authorization", equalTo(basic("store-user:store-pw"))));
    assertThat(scripted.requests("test")).containsExactly(registry);
  }

  @Test
  void aHelperMissGoesAnonymousAndIgnoresTheAuthsEntryAsDockerDoes() throws Exception {
    stubBearerRegistry("team/app", "anon");
    server.stubFor(
        get(urlPathEqualTo("/token")).willReturn(aResponse().withBody("{\"token\":\"anon\"}")));

    client("{\"auths\":{\"REGISTRY\":{\"auth\":\"ZmlsZTpwdw==\"}},\"credsStore\":\"test\"}")
        .resolve(ref("team/app"));

    server.verify(
        1, getRequestedFor(urlPathEqualTo("/token")).withHeader("Authorization", absent()));
    assertThat(scripted.requests("test")).containsExactly(registry);
  }

  @Test
  void aFailingHelperStopsBeforeAnyRequestWithAnErrorNamingHelperAndRegistryOnly()
      throws Exception {
    scripted.script(
        "broken",
        "#!/bin/sh\ncat >/dev/null\necho 'keychain says: password S3CRET-pw is locked'\nexit 1\n");

    HttpRegistryClient client = client("{\"credsStore\":\"broken\"}");

    assertThatThrownBy(() -> client.resolve(ref("team/app")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("credential helper docker-credential-broken (for " + registry + ")")
        .hasMessageContaining("exit code 1")
        .hasMessageNotContaining("S3CRET");
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void aMissingHelperIsAClearError() throws Exception {
    HttpRegistryClient client = client("{\"credHelpers\":{\"REGISTRY\":\"ecr-login\"}}");

    assertThatThrownBy(() -> client.resolve(ref("team/app")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("docker-credential-ecr-login is not installed");
  }

  @Test
  void anIdentityTokenIsExchangedByAnOAuth2RefreshTokenPostAndItsRotationKept() throws Exception {
    scripted.store("test", registry, "<token>", "refresh-1");
    stubBearerRegistry("team/app", "access-1");
    stubBearerRegistry("team/other", "access-2");
    server.stubFor(
        post(urlEqualTo("/token"))
            .withRequestBody(equalTo(form("refresh-1", "team/app")))
            .willReturn(
                aResponse()
                    .withBody(
                        "{\"access_token\":\"access-1\",\"refresh_token\":\"refresh-2\","
                            + "\"expires_in\":300}")));
    server.stubFor(
        post(urlEqualTo("/token"))
            .withRequestBody(equalTo(form("refresh-2", "team/other")))
            .willReturn(aResponse().withBody("{\"access_token\":\"access-2\"}")));
    HttpRegistryClient client = client("{\"credsStore\":\"test\"}");

    client.resolve(ref("team/app"));
    client.resolve(ref("team/other"));

    server.verify(
        1,
        postRequestedFor(urlEqualTo("/token"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withHeader("Authorization", absent())
            .withRequestBody(equalTo(form("refresh-1", "team/app"))));
    server.verify(
        1,
        postRequestedFor(urlEqualTo("/token"))
            .withRequestBody(equalTo(form("refresh-2", "team/other"))));
    server.verify(0, getRequestedFor(urlPathEqualTo("/token")));
    server.verify(
        1,
        headRequestedFor(urlEqualTo("/v2/team/app/manifests/1.0"))
            .withHeader("Authorization", equalTo("Bearer access-1")));
    assertThat(scripted.requests("test")).containsExactly(registry);
  }

  @Test
  void anIdentityTokenIsNeverSentAsABasicPassword() throws Exception {
    scripted.store("test", registry, "<token>", "refresh-1");
    server.stubFor(
        head(urlEqualTo("/v2/team/app/manifests/1.0"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));

    HttpRegistryClient client = client("{\"credsStore\":\"test\"}");

    assertThatThrownBy(() -> client.resolve(ref("team/app")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("401");
    server.verify(
        1,
        headRequestedFor(urlEqualTo("/v2/team/app/manifests/1.0"))
            .withHeader("Authorization", absent()));
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  private static String form(String refreshToken, String repository) {
    return "grant_type=refresh_token&refresh_token="
        + refreshToken
        + "&service=registry.test&scope=repository%3A"
        + repository.replace("/", "%2F")
        + "%3Apull&client_id=gitops-pipeline";
  }
}
