package io.gitopspipeline.scm.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.net.EndlessBodyServer;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.ScmUnavailableException;
import io.gitopspipeline.scm.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GitLab client keeps its token on its own server, ends every exchange by its deadline (body
 * included) within its size cap, and names what is missing from a malformed answer.
 */
@Timeout(120)
class GitLabProviderLimitsTest {
  private static final String TOKEN = "glpat-secretvalue";
  private static final String PROJECT = "/api/v4/projects/platform%2Fgitops";
  private static final String REQUEST = "GET /projects/platform/gitops/merge_requests/5";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();
  private final WireMockServer elsewhere =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  @AfterEach
  void stopElsewhere() {
    elsewhere.stop();
  }

  private ScmProvider provider(ScmContext context) throws GitOpsException {
    return ScmProviders.create(
        wiremock.connection(ProviderType.GITLAB, "", "platform/gitops", TOKEN), context);
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedAndTheTokenStaysHome() throws Exception {
    elsewhere.start();
    elsewhere.stubFor(
        get(PROJECT + "/merge_requests/5")
            .willReturn(okJson(GitLabProviderTest.mr(5, "opened", ""))));
    wiremock
        .server()
        .stubFor(
            get(PROJECT + "/merge_requests/5")
                .willReturn(
                    aResponse()
                        .withStatus(302)
                        .withHeader(
                            "Location",
                            "http://127.0.0.1:"
                                + elsewhere.port()
                                + PROJECT
                                + "/merge_requests/5")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitLab answered "
                + REQUEST
                + " with a redirect (HTTP 302); redirects are not followed so the token stays"
                + " with its own server: set --server-url to the GitLab address itself");
    wiremock
        .server()
        .verify(
            1,
            getRequestedFor(urlEqualTo(PROJECT + "/merge_requests/5"))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    elsewhere.verify(0, anyRequestedFor(anyUrl()).withHeader("PRIVATE-TOKEN", matching(".*")));
    elsewhere.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aDrippedBodyEndsByTheDeadline() throws Exception {
    wiremock
        .server()
        .stubFor(
            get(PROJECT + "/merge_requests/5")
                .willReturn(
                    okJson(GitLabProviderTest.mr(5, "opened", ""))
                        .withChunkedDribbleDelay(40, 40_000)));
    ScmProvider provider =
        provider(time.context().withExchangeLimits(Duration.ofSeconds(3), 1 << 20));

    assertThatThrownBy(() -> provider.get(5))
        .isInstanceOf(ScmUnavailableException.class)
        .hasMessage(
            "GitLab did not answer "
                + REQUEST
                + " completely within 3s (headers and body); the server or the network is too"
                + " slow, try again later");
    wiremock
        .server()
        .verify(
            1,
            getRequestedFor(urlEqualTo(PROJECT + "/merge_requests/5"))
                .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
  }

  @Test
  void aBodyPastTheCapFailsNamingTheCap() throws Exception {
    wiremock
        .server()
        .stubFor(
            get(PROJECT + "/merge_requests/5")
                .willReturn(
                    okJson(
                        GitLabProviderTest.mr(
                            5, "opened", ",\"description\":\"" + "x".repeat(5000) + "\""))));
    ScmProvider provider =
        provider(time.context().withExchangeLimits(Duration.ofSeconds(10), 1000));

    assertThatThrownBy(() -> provider.get(5))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitLab sent more than 1000 bytes for "
                + REQUEST
                + " on repository platform/gitops; refusing an oversized answer (check"
                + " --server-url)");
  }

  @Test
  void anEndlessBodyStopsAtTheDefaultCap() throws Exception {
    try (EndlessBodyServer endless = new EndlessBodyServer("application/json")) {
      ScmProvider provider =
          ScmProviders.create(
              ScmConnection.withToken(
                  ProviderType.GITLAB,
                  URI.create(endless.url()),
                  RepositoryId.parse(ProviderType.GITLAB, "platform/gitops"),
                  Secret.of(TOKEN)),
              time.context().withExchangeLimits(Duration.ofSeconds(60), 16 << 20));

      assertThatThrownBy(() -> provider.get(5))
          .isInstanceOf(GitOpsException.class)
          .hasMessageStartingWith("GitLab sent more than 16777216 bytes for " + REQUEST);
      assertThat(endless.writtenWhenClientHungUp()).isLessThan(64L << 20);
    }
  }

  @Test
  void aMergeRequestWithoutItsNumberIsAClearError() throws Exception {
    wiremock
        .server()
        .stubFor(
            get(PROJECT + "/merge_requests/5")
                .willReturn(okJson("{\"title\":\"Promote app\",\"state\":\"opened\"}")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitLab answered "
                + REQUEST
                + " on repository platform/gitops without a valid 'iid'; the answer is not what"
                + " the GitLab API sends (check --server-url)");
  }

  @Test
  void aMergeRequestWithoutItsStateIsAClearError() throws Exception {
    wiremock.server().stubFor(get(PROJECT + "/merge_requests/5").willReturn(okJson("{\"iid\":5}")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessageContaining("without a valid 'state'");
  }

  @Test
  void anAnswerThatIsNotJsonIsAClearError() throws Exception {
    wiremock
        .server()
        .stubFor(
            get(PROJECT + "/merge_requests/5")
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("<html>sign in</html>")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitLab answered "
                + REQUEST
                + " on repository platform/gitops without a valid 'JSON body'; the answer is not"
                + " what the GitLab API sends (check --server-url)");
  }

  @Test
  void aNullCommitStatusIsAClearError() throws Exception {
    String sha = "1111111111111111111111111111111111111111";
    wiremock
        .server()
        .stubFor(
            get(urlPathEqualTo(PROJECT + "/repository/commits/" + sha + "/statuses"))
                .willReturn(okJson("[null]")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.commitStatuses(sha))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessageContaining("without a valid 'statuses[]'");
  }

  @Test
  void anEmptyAnswerToAMergeRequestIsAClearError() throws Exception {
    wiremock.server().stubFor(get(PROJECT + "/merge_requests/5").willReturn(okJson("null")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessageContaining("without a valid 'merge request'");
  }

  @Test
  void aMergeRequestListThatIsNotAListIsAClearError() throws Exception {
    wiremock
        .server()
        .stubFor(
            get(urlPathEqualTo(PROJECT + "/merge_requests"))
                .willReturn(okJson("{\"message\":\"not a list\"}")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.findOpen("promote/app", "main"))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitLab answered GET /projects/platform/gitops/merge_requests on repository"
                + " platform/gitops without a valid 'JSON body'; the answer is not what the GitLab"
                + " API sends (check --server-url)");
  }

  @Test
  void aMergeRequestListWithANullEntryIsAClearError() throws Exception {
    wiremock
        .server()
        .stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests")).willReturn(okJson("[null]")));
    ScmProvider provider = provider(time.context());

    assertThatThrownBy(() -> provider.findOpen("promote/app", "main"))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessageContaining("without a valid 'merge requests[]'");
  }
}
