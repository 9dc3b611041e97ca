package io.gitopspipeline.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One read of commit statuses for {@code sync wait}'s polling ends by the exchange deadline even
 * when the provider drips its answer, so the poller gets control back and keeps its own deadline.
 */
@Timeout(120)
class CommitStatusPollingLimitsTest {
  private static final String SHA = "1111111111111111111111111111111111111111";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();

  @Test
  void aDrippedStatusPageEndsTheReadAsUnavailable() throws Exception {
    String statuses = "/api/v1/repos/acme/gitops/commits/" + SHA + "/statuses";
    wiremock
        .server()
        .stubFor(
            get(urlPathEqualTo(statuses))
                .willReturn(
                    okJson("[{\"context\":\"flux\",\"status\":\"success\"}]")
                        .withChunkedDribbleDelay(40, 40_000)));
    ScmCommitStatusSource source =
        new ScmCommitStatusSource(
            ScmProviders.create(
                wiremock.connection(ProviderType.GITEA, "", "acme/gitops", "token"),
                time.context().withExchangeLimits(Duration.ofSeconds(3), 1 << 20)));

    assertThatThrownBy(() -> source.statuses(SHA))
        .isInstanceOf(ScmUnavailableException.class)
        .hasMessageStartingWith(
            "Gitea/Forgejo did not answer GET /api/v1/repos/acme/gitops/commits/"
                + SHA
                + "/statuses completely within 3s (headers and body)");
    wiremock
        .server()
        .verify(
            1,
            getRequestedFor(urlPathEqualTo(statuses))
                .withHeader("Authorization", equalTo("token token")));
  }
}
