package io.gitopspipeline.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.net.EndlessBodyServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every exchange of {@link ScmHttp} ends by its deadline, body included, and within its cap. */
@Timeout(120)
class ScmHttpLimitsTest {
  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();

  private ScmHttp http(ScmContext context) throws GitOpsException {
    return new ScmHttp(
        ProviderType.GITEA,
        RepositoryId.parse(ProviderType.GITEA, "platform/gitops"),
        context,
        () -> Map.of("Authorization", "token secret-token"));
  }

  @Test
  void aBodyDrippedPastTheDeadlineFailsAsUnavailable() throws Exception {
    WireMockServer server = wiremock.server();
    server.stubFor(
        get("/api/v1/repos/platform/gitops")
            .willReturn(
                okJson(
                        "{\"full_name\":\"platform/gitops\",\"padding\":\""
                            + "x".repeat(200)
                            + "\"}")
                    .withChunkedDribbleDelay(40, 40_000)));
    ScmHttp http = http(time.context().withExchangeLimits(Duration.ofSeconds(3), 1024 * 1024));

    assertThatThrownBy(() -> http.get(wiremock.url() + "/api/v1/repos/platform/gitops"))
        .isInstanceOf(ScmUnavailableException.class)
        .hasMessage(
            "Gitea/Forgejo did not answer GET /api/v1/repos/platform/gitops completely within 3s"
                + " (headers and body); the server or the network is too slow, try again later");
    server.verify(
        1,
        getRequestedFor(urlEqualTo("/api/v1/repos/platform/gitops"))
            .withHeader("Authorization", equalTo("token secret-token")));
  }

  @Test
  void aBodyPastTheCapFailsNamingTheCap() throws Exception {
    WireMockServer server = wiremock.server();
    server.stubFor(
        get("/api/v1/repos/platform/gitops/pulls")
            .willReturn(okJson("[\"" + "x".repeat(5000) + "\"]")));
    ScmHttp http = http(time.context().withExchangeLimits(Duration.ofSeconds(10), 1000));

    assertThatThrownBy(() -> http.get(wiremock.url() + "/api/v1/repos/platform/gitops/pulls"))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "Gitea/Forgejo sent more than 1000 bytes for GET /api/v1/repos/platform/gitops/pulls on"
                + " repository platform/gitops; refusing an oversized answer (check --server-url)");
    server.verify(1, getRequestedFor(urlEqualTo("/api/v1/repos/platform/gitops/pulls")));
  }

  @Test
  void aBodyWithinTheCapIsRead() throws Exception {
    wiremock
        .server()
        .stubFor(get("/api/v1/repos/platform/gitops").willReturn(okJson("{\"id\":7}")));
    ScmHttp http = http(time.context().withExchangeLimits(Duration.ofSeconds(10), 8));

    assertThat(http.get(wiremock.url() + "/api/v1/repos/platform/gitops").path("id").asInt())
        .isEqualTo(7);
  }

  @Test
  void anEndlessBodyStopsAtTheDefaultCapWithoutBufferingTheRest() throws Exception {
    try (EndlessBodyServer endless = new EndlessBodyServer("application/json")) {
      ScmHttp http = http(time.context().withExchangeLimits(Duration.ofSeconds(60), 16 << 20));

      assertThatThrownBy(() -> http.get(endless.url() + "/api/v1/repos/platform/gitops"))
          .isInstanceOf(GitOpsException.class)
          .hasMessageStartingWith(
              "Gitea/Forgejo sent more than 16777216 bytes for GET /api/v1/repos/platform/gitops");
      // the server saw the connection close soon after the cap, socket buffers aside
      assertThat(endless.writtenWhenClientHungUp()).isLessThan(64L << 20);
    }
  }
}
