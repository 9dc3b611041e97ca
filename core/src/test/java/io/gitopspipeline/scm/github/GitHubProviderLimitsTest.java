package io.gitopspipeline.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.ScmUnavailableException;
import io.gitopspipeline.scm.WireMockExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** github-api's exchanges end by their deadline, body included, within the cap; gaps are named. */
@Timeout(120)
class GitHubProviderLimitsTest {
  private static final String TOKEN = "ghp_secretvalue123";
  private static final String REQUEST = "GET /repos/acme/gitops/pulls/5";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();
  private WireMockServer server;

  @BeforeEach
  void repository() {
    server = wiremock.server();
    server.stubFor(
        get("/repos/acme/gitops")
            .willReturn(
                okJson(
                    "{\"id\":1,\"name\":\"gitops\",\"full_name\":\"acme/gitops\","
                        + "\"owner\":{\"login\":\"acme\"}}")));
  }

  private ScmProvider provider(ScmContext context) throws GitOpsException {
    return ScmProviders.create(
        wiremock.connection(ProviderType.GITHUB, "", "acme/gitops", TOKEN), context);
  }

  @Test
  void aDrippedBodyEndsByTheDeadline() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/5")
            .willReturn(
                okJson(GitHubProviderTest.pr(5, "open", false, ""))
                    .withChunkedDribbleDelay(40, 40_000)));
    ScmProvider provider =
        provider(time.context().withExchangeLimits(Duration.ofSeconds(3), 1 << 20));

    assertThatThrownBy(() -> provider.get(5))
        .isInstanceOf(ScmUnavailableException.class)
        .hasMessage(
            "GitHub did not answer "
                + REQUEST
                + " completely within 3s (headers and body); the server or the network is too"
                + " slow, try again later");
    server.verify(
        getRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/5"))
            .withHeader("Authorization", equalTo("token " + TOKEN)));
  }

  @Test
  void aBodyPastTheCapFailsNamingTheCap() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/5")
            .willReturn(
                okJson(
                    GitHubProviderTest.pr(
                        5, "open", false, ",\"padding\":\"" + "x".repeat(5000) + "\""))));
    ScmProvider provider =
        provider(time.context().withExchangeLimits(Duration.ofSeconds(10), 4000));

    assertThatThrownBy(() -> provider.get(5))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitHub sent more than 4000 bytes for "
                + REQUEST
                + " on repository acme/gitops; refusing an oversized answer (check --server-url)");
  }

  @Test
  void bodiesAreAskedForUncompressedSoTheCapIsOnWhatIsKept() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/5")
            .willReturn(okJson(GitHubProviderTest.pr(5, "open", false, ""))));
    provider(time.context()).get(5);

    server.verify(
        getRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/5"))
            .withHeader("Accept-Encoding", absent()));
  }

  @Test
  void aPullRequestWithoutItsHeadIsAClearError() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/5")
            .willReturn(
                okJson(
                    "{\"number\":5,\"state\":\"open\",\"base\":{\"ref\":\"main\"},"
                        + "\"labels\":[]}")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitHub answered "
                + REQUEST
                + " on repository acme/gitops without a valid 'head.ref'; the answer is not what"
                + " the GitHub API sends (check --server-url)");
  }

  @Test
  void aPullRequestWithoutItsNumberIsAClearError() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/5").willReturn(okJson("{\"state\":\"open\",\"labels\":[]}")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessageContaining("without a valid 'number'");
  }

  @Test
  void anAnswerThatIsNotJsonIsAClearError() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/5")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("<html>sign in</html>")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitHub answered "
                + REQUEST
                + " on repository acme/gitops without a valid 'JSON body'; the answer is not what"
                + " the GitHub API sends (check --server-url)");
  }
}
