package io.gitopspipeline.scm.bitbucketcloud;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.WireMockExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BitbucketCloudProviderTest {
  private static final String REPO = "/2.0/repositories/acme/gitops";
  private static final String SHA = "1111111111111111111111111111111111111111";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();
  private WireMockServer server;
  private ScmProvider provider;
  private PullRequestService service;

  @BeforeEach
  void setUp() throws GitOpsException {
    server = wiremock.server();
    provider =
        ScmProviders.create(
            wiremock.connection(ProviderType.BITBUCKET_CLOUD, "/2.0", "acme/gitops", "bbc"),
            time.context());
    service = new PullRequestService(provider, time.context());
  }

  static String pr(int id, String state, String extra) {
    return "{\"id\":"
        + id
        + ",\"title\":\"Promote\",\"state\":\""
        + state
        + "\",\"source\":{\"branch\":{\"name\":\"promote/app\"},\"commit\":{\"hash\":\""
        + SHA
        + "\"}},\"destination\":{\"branch\":{\"name\":\"main\"}},\"links\":{\"html\":{\"href\":\"https://bitbucket.org/acme/gitops/pull-requests/"
        + id
        + "\"}}"
        + extra
        + "}";
  }

  @Test
  void findsWithAQueryFollowsNextAndUpdates() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests"))
            .withQueryParam("page", absent())
            .willReturn(
                okJson(
                    "{\"values\":[],\"next\":\""
                        + wiremock.url()
                        + REPO
                        + "/pullrequests?page=2\"}")));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("{\"values\":[" + pr(4, "OPEN", "") + "]}")));
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .willReturn(
                okJson(
                    pr(
                        4,
                        "OPEN",
                        ",\"reviewers\":[{\"uuid\":\"{kept}\",\"display_name\":\"Kept\"}]"))));
    server.stubFor(put(urlEqualTo(REPO + "/pullrequests/4")).willReturn(okJson(pr(4, "OPEN", ""))));

    service.openOrUpdate(
        new PullRequestSpec("promote/app", "main", "Promote 2", "b2", List.of(), List.of(), false));

    server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pullrequests"))
            .withHeader("Authorization", equalTo("Bearer bbc"))
            .withQueryParam(
                "q",
                equalTo(
                    "source.branch.name=\"promote/app\" AND destination.branch.name=\"main\" AND state=\"OPEN\""))
            .withQueryParam("pagelen", equalTo("50")));
    server.verify(
        putRequestedFor(urlEqualTo(REPO + "/pullrequests/4"))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"Promote 2\",\"description\":\"b2\",\"reviewers\":[{\"uuid\":\"{kept}\"}]}")));
  }

  @Test
  void createsWithSourceAndDestinationBranches() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests")).willReturn(okJson("{\"values\":[]}")));
    server.stubFor(
        post(urlEqualTo(REPO + "/pullrequests")).willReturn(jsonResponse(pr(4, "OPEN", ""), 201)));

    service.openOrUpdate(
        new PullRequestSpec("promote/app", "main", "Promote", "b", List.of(), List.of(), false));

    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pullrequests"))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"Promote\",\"description\":\"b\",\"source\":{\"branch\":{\"name\":\"promote/app\"}},"
                        + "\"destination\":{\"branch\":{\"name\":\"main\"}},\"close_source_branch\":true}")));
  }

  @Test
  void aDeclinedPullRequestNamesWhoClosedIt() {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .willReturn(okJson(pr(4, "DECLINED", ",\"closed_by\":{\"display_name\":\"Dana\"}"))));

    assertThatThrownBy(() -> service.waitForMerge(4, MergeWait.of(Duration.ofMinutes(1))))
        .hasMessageContaining("closed without merging by Dana");
  }

  @Test
  void returnsTheMergeCommitOnceMerged() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .willReturn(okJson(pr(4, "MERGED", ",\"merge_commit\":{\"hash\":\"abcdef123456\"}"))));

    assertThat(service.waitForMerge(4, MergeWait.of(Duration.ofMinutes(1))).mergeCommit())
        .isEqualTo("abcdef123456");
  }

  @Test
  void aForbiddenTokenNamesTheScopes() {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .willReturn(
                jsonResponse(
                    "{\"type\":\"error\",\"error\":{\"message\":\"Your credentials lack one or more required privilege scopes.\"}}",
                    403)));

    assertThatThrownBy(() -> provider.get(4))
        .hasMessageContaining("Bitbucket Cloud refused access (HTTP 403) to repository acme/gitops")
        .hasMessageContaining("required privilege scopes")
        .hasMessageContaining("pullrequest:write");
  }

  @Test
  void aRateLimitWithoutHeadersBacksOffAndRetries() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .inScenario("rl")
            .whenScenarioStateIs("Started")
            .willReturn(aResponse().withStatus(429))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(pr(4, "OPEN", ""))));

    assertThat(provider.get(4).number()).isEqualTo(4);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void mergesWhenEveryBuildIsGreen() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .inScenario("m")
            .whenScenarioStateIs("Started")
            .willReturn(okJson(pr(4, "OPEN", ""))));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/commit/" + SHA + "/statuses"))
            .willReturn(okJson("{\"values\":[{\"key\":\"ci\",\"state\":\"SUCCESSFUL\"}]}")));
    server.stubFor(
        post(urlEqualTo(REPO + "/pullrequests/4/merge"))
            .inScenario("m")
            .willReturn(okJson(pr(4, "MERGED", ",\"merge_commit\":{\"hash\":\"abcdef123456\"}")))
            .willSetStateTo("merged"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/4"))
            .inScenario("m")
            .whenScenarioStateIs("merged")
            .willReturn(okJson(pr(4, "MERGED", ",\"merge_commit\":{\"hash\":\"abcdef123456\"}"))));

    assertThat(
            service
                .waitForMerge(
                    4,
                    new MergeWait(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), true))
                .mergeCommit())
        .isEqualTo("abcdef123456");
    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pullrequests/4/merge"))
            .withRequestBody(
                equalToJson(
                    "{\"type\":\"pullrequest_merge_parameters\",\"merge_strategy\":\"merge_commit\",\"close_source_branch\":true}")));
  }

  @Test
  void setsABuildStatus() throws Exception {
    server.stubFor(
        post(urlEqualTo(REPO + "/commit/" + SHA + "/statuses/build"))
            .willReturn(jsonResponse("{}", 201)));

    service.setCommitStatus(
        SHA,
        new io.gitopspipeline.scm.CommitStatus(
            io.gitopspipeline.scm.CommitState.PENDING,
            "gitops/promote",
            "promoting",
            "https://ci/3"));

    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/commit/" + SHA + "/statuses/build"))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"INPROGRESS\",\"key\":\"gitops/promote\",\"name\":\"gitops/promote\",\"url\":\"https://ci/3\",\"description\":\"promoting\"}")));
  }
}
