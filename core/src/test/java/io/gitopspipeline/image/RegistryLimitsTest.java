package io.gitopspipeline.image;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.net.EndlessBodyServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every registry exchange ends by its deadline, body included, and stops reading at its cap. */
@Timeout(120)
class RegistryLimitsTest {
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

  private HttpRegistryClient client(String registry, Duration timeout) {
    RegistryClientOptions options =
        RegistryClientOptions.defaults()
            .withInsecureRegistries(Set.of(registry))
            .withRetries(2, Duration.ofMillis(100), Duration.ofSeconds(1))
            .withRequestTimeout(timeout);
    return new HttpRegistryClient(
        options,
        p -> {},
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
        sleeps::add);
  }

  @Test
  void aDrippedManifestEndsByTheDeadlineOfEachAttempt() {
    server.stubFor(
        get(urlEqualTo(MANIFEST_PATH))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", MediaTypes.OCI_MANIFEST)
                    .withBody("{\"schemaVersion\":2,\"padding\":\"" + "x".repeat(200) + "\"}")
                    .withChunkedDribbleDelay(40, 40_000)));
    HttpRegistryClient client = client(registry, Duration.ofSeconds(3));

    assertThatThrownBy(() -> client.fetchManifest(ImageReference.parse(registry + "/team/app:1.0")))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "timed out talking to registry "
                + registry
                + " (GET "
                + MANIFEST_PATH
                + ") after 2 attempts of 3s each (headers and body)");
    server.verify(2, getRequestedFor(urlEqualTo(MANIFEST_PATH)));
  }

  @Test
  void aDrippedTokenEndsByTheDeadline() {
    server.stubFor(
        head(urlEqualTo(MANIFEST_PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader(
                        "WWW-Authenticate",
                        "Bearer realm=\"http://"
                            + registry
                            + "/token\",service=\"registry.test\","
                            + "scope=\"repository:team/app:pull\"")));
    server.stubFor(
        get(urlPathEqualTo("/token"))
            .willReturn(
                okJson("{\"token\":\"t0k3n\",\"padding\":\"" + "x".repeat(200) + "\"}")
                    .withChunkedDribbleDelay(40, 40_000)));
    HttpRegistryClient client = client(registry, Duration.ofSeconds(3));

    assertThatThrownBy(() -> client.resolve(ImageReference.parse(registry + "/team/app:1.0")))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "cannot get a token for registry "
                + registry
                + " from http://"
                + registry
                + " (HttpTimeoutException)");
    server.verify(1, headRequestedFor(urlEqualTo(MANIFEST_PATH)));
    server.verify(
        1,
        getRequestedFor(
            urlEqualTo("/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull")));
  }

  @Test
  void anEndlessManifestStopsAtTheManifestCapWithoutBufferingTheRest() throws Exception {
    try (EndlessBodyServer endless = new EndlessBodyServer(MediaTypes.OCI_MANIFEST)) {
      String other = endless.url().substring("http://".length());
      HttpRegistryClient client = client(other, Duration.ofSeconds(60));

      assertThatThrownBy(() -> client.fetchManifest(ImageReference.parse(other + "/team/app:1.0")))
          .isInstanceOf(GitOpsException.class)
          .hasMessage(
              "registry "
                  + other
                  + " sent more than 4194304 bytes for "
                  + MANIFEST_PATH
                  + "; refusing an oversized answer");
      assertThat(endless.writtenWhenClientHungUp()).isLessThan(64L << 20);
    }
  }
}
