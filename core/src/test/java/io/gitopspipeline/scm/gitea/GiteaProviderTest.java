package io.gitopspipeline.scm.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.ReportedCommitStatus;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.WireMockExtension;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GiteaProviderTest {
  private static final String REPO = "/api/v1/repos/acme/gitops";
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
            wiremock.connection(ProviderType.GITEA, "", "acme/gitops", "gtea"), time.context());
    service = new PullRequestService(provider, time.context());
  }

  static String pr(int n, String state, boolean merged) {
    return "{\"number\":"
        + n
        + ",\"state\":\""
        + state
        + "\",\"title\":\"Promote\",\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/"
        + n
        + "\",\"head\":{\"ref\":\"promote/app\",\"sha\":\""
        + SHA
        + "\",\"repo\":{\"full_name\":\"acme/gitops\"}},\"base\":{\"ref\":\"main\"},"
        + "\"labels\":[],\"mergeable\":true,\"merged\":"
        + merged
        + (merged
            ? ",\"merge_commit_sha\":\"2222222222222222222222222222222222222222\",\"merged_by\":{\"login\":\"ops\"}"
            : "")
        + "}";
  }

  @Test
  void opensWithLabelIdsLookedUpByName() throws Exception {
    server.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/labels"))
            .willReturn(okJson("[{\"id\":4,\"name\":\"gitops\"},{\"id\":9,\"name\":\"other\"}]")));
    server.stubFor(post(REPO + "/pulls").willReturn(jsonResponse(pr(3, "open", false), 201)));

    assertThat(
            service
                .openOrUpdate(
                    new PullRequestSpec(
                        "promote/app", "main", "Promote", "b", List.of("gitops"), List.of(), true))
                .number())
        .isEqualTo(3);

    server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pulls"))
            .withHeader("Authorization", equalTo("token gtea"))
            .withQueryParam("state", equalTo("open"))
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("limit", equalTo("50")));
    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pulls"))
            .withRequestBody(
                equalToJson(
                    "{\"head\":\"promote/app\",\"base\":\"main\",\"title\":\"WIP: Promote\",\"body\":\"b\",\"labels\":[4]}")));
  }

  @Test
  void updatesTheOpenPullRequest() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[" + pr(3, "open", false) + "]")));
    server.stubFor(patch(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr(3, "open", false))));

    service.openOrUpdate(
        new PullRequestSpec("promote/app", "main", "Promote 2", "b2", List.of(), List.of(), false));

    server.verify(0, postRequestedFor(urlEqualTo(REPO + "/pulls")));
    server.verify(
        patchRequestedFor(urlEqualTo(REPO + "/pulls/3"))
            .withRequestBody(equalToJson("{\"title\":\"Promote 2\",\"body\":\"b2\"}")));
  }

  @Test
  void schedulesTheMergeForWhenChecksSucceed() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr(3, "open", false))));
    server.stubFor(
        post(urlEqualTo(REPO + "/pulls/3/merge")).willReturn(aResponse().withStatus(200)));

    assertThat(service.enableAutoMerge(provider.get(3))).isTrue();

    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pulls/3/merge"))
            .withRequestBody(
                equalToJson(
                    "{\"Do\":\"merge\",\"merge_when_checks_succeed\":true,\"head_commit_id\":\""
                        + SHA
                        + "\"}")));
  }

  @Test
  void reportsTheMergeCommit() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr(3, "closed", true))));

    assertThat(provider.get(3).mergeCommit()).isEqualTo("2222222222222222222222222222222222222222");
  }

  @Test
  void pagesThroughOpenPullRequests() throws Exception {
    StringBuilder page = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      page.append(i == 0 ? "" : ",")
          .append(
              pr(100 + i, "open", false)
                  .replace("\"ref\":\"promote/app\"", "\"ref\":\"other-" + i + "\""));
    }
    page.append("]");
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(okJson(page.toString())));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson("[" + pr(3, "open", false) + "]")));

    assertThat(provider.findOpen("promote/app", "main").orElseThrow().number()).isEqualTo(3);
  }

  @Test
  void waitsOutARateLimitUntilItsReset() throws Exception {
    long reset = time.instant().getEpochSecond() + 20;
    server.stubFor(
        get(urlEqualTo(REPO + "/pulls/3"))
            .inScenario("rl")
            .whenScenarioStateIs("Started")
            .willReturn(
                jsonResponse("{\"message\":\"rate limited\"}", 429)
                    .withHeader("X-RateLimit-Reset", Long.toString(reset)))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pulls/3"))
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(pr(3, "open", false))));

    assertThat(provider.get(3).number()).isEqualTo(3);
    assertThat(time.sleeps).containsExactly(java.time.Duration.ofSeconds(21));
  }

  @Test
  void aMissingBaseBranchIsNamed() {
    server.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        post(REPO + "/pulls")
            .willReturn(jsonResponse("{\"message\":\"The target couldn't be found.\"}", 404)));
    server.stubFor(get(urlEqualTo(REPO)).willReturn(okJson("{\"full_name\":\"acme/gitops\"}")));
    server.stubFor(
        get(urlEqualTo(REPO + "/branches/main"))
            .willReturn(jsonResponse("{\"message\":\"branch does not exist\"}", 404)));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                service.openOrUpdate(
                    new PullRequestSpec(
                        "promote/app", "main", "Promote", "b", List.of(), List.of(), false)))
        .hasMessageContaining(
            "branch 'main' does not exist in Gitea/Forgejo repository acme/gitops; check the base branch");
  }

  @Test
  void readsCommitStatusesFromTheStatusField() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/commits/" + SHA + "/statuses?page=1&limit=50"))
            .willReturn(
                okJson(
                    "[{\"id\":3,\"status\":\"pending\",\"context\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"description\":\"\",\"target_url\":\"\","
                        + "\"created_at\":\"2026-01-01T00:00:00+01:00\","
                        + "\"updated_at\":\"2026-01-01T00:00:00+01:00\"}]")));

    assertThat(provider.commitStatuses(SHA))
        .containsExactly(
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "pending",
                "",
                "",
                Instant.parse("2025-12-31T23:00:00Z")));
    server.verify(
        getRequestedFor(urlEqualTo(REPO + "/commits/" + SHA + "/statuses?page=1&limit=50"))
            .withHeader("Authorization", equalTo("token gtea")));
  }

  private static String giteaStatus(int id, String state, String context, String updatedAt) {
    return "{\"id\":"
        + id
        + ",\"status\":\""
        + state
        + "\",\"context\":\""
        + context
        + "\",\"description\":\"\",\"target_url\":null,"
        + "\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\""
        + updatedAt
        + "\"}";
  }

  @Test
  void followsTheLinkHeaderToTheNextPageOfStatuses() throws Exception {
    String statuses = REPO + "/commits/" + SHA + "/statuses";
    server.stubFor(
        get(urlEqualTo(statuses + "?page=1&limit=50"))
            .willReturn(
                okJson("[" + giteaStatus(2, "pending", "ci/build", "2026-01-01T00:00:10Z") + "]")
                    .withHeader("X-Total-Count", "2")
                    .withHeader(
                        "Link",
                        "<"
                            + wiremock.url()
                            + statuses
                            + "?limit=50&page=2>; rel=\"next\",<"
                            + wiremock.url()
                            + statuses
                            + "?limit=50&page=2>; rel=\"last\"")));
    server.stubFor(
        get(urlEqualTo(statuses + "?page=2&limit=50"))
            .willReturn(
                okJson(
                        "["
                            + giteaStatus(
                                1,
                                "failure",
                                "kustomization/podinfo/0c9c2e41",
                                "2026-01-01T00:00:20Z")
                            + "]")
                    .withHeader("X-Total-Count", "2")
                    .withHeader(
                        "Link",
                        "<"
                            + wiremock.url()
                            + statuses
                            + "?limit=50&page=1>; rel=\"first\",<"
                            + wiremock.url()
                            + statuses
                            + "?limit=50&page=1>; rel=\"prev\"")));

    assertThat(provider.commitStatuses(SHA))
        .extracting(ReportedCommitStatus::context, ReportedCommitStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kustomization/podinfo/0c9c2e41", "failure"),
            org.assertj.core.groups.Tuple.tuple("ci/build", "pending"));
    for (String query : List.of("?page=1&limit=50", "?page=2&limit=50")) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(statuses + query))
              .withHeader("Authorization", equalTo("token gtea"))
              .withHeader("Accept", equalTo("application/json")));
    }
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void stopsAfterTenPagesWhenEveryPageSaysThereIsMore() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/commits/" + SHA + "/statuses"))
            .willReturn(
                okJson("[" + giteaStatus(1, "success", "ci/a", "2026-01-01T00:00:00Z") + "]")
                    .withHeader("Link", "<" + wiremock.url() + "/again>; rel=\"next\"")));

    assertThat(provider.commitStatuses(SHA)).hasSize(ReportedCommitStatus.MAX_PAGES);
    server.verify(
        ReportedCommitStatus.MAX_PAGES,
        getRequestedFor(urlPathEqualTo(REPO + "/commits/" + SHA + "/statuses")));
    server.verify(
        getRequestedFor(urlEqualTo(REPO + "/commits/" + SHA + "/statuses?page=10&limit=50")));
    assertThat(time.progress)
        .anySatisfy(p -> assertThat(p.message()).contains("more than 10 pages of commit statuses"));
  }

  private static final PullRequestSpec SPEC =
      new PullRequestSpec("promote/app", "main", "Promote", "b", List.of(), List.of(), false);

  @Test
  void refusesToOpenAPullRequestWhenEveryPageOfOpenOnesSaysThereIsMore() {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls"))
            .willReturn(
                okJson("[" + pr(3, "open", false).replace("promote/app", "other") + "]")
                    .withHeader("Link", "<" + wiremock.url() + "/again>; rel=\"next\"")));

    assertThatThrownBy(() -> service.openOrUpdate(SPEC))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "Gitea/Forgejo has more than 10 pages of open pull requests from promote/app into main"
                + " in acme/gitops; read 10 pages without a match and stopped rather than risk"
                + " opening a duplicate pull request");
    for (int page = 1; page <= 10; page++) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(REPO + "/pulls?state=open&page=" + page + "&limit=50"))
              .withHeader("Authorization", equalTo("token gtea")));
    }
    // the Link header's own address is never asked for: only the page number is followed
    assertThat(server.getAllServeEvents()).hasSize(10);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void aShortPageWithALinkToTheNextIsNotTheLast() throws Exception {
    // a server whose page size is below the 50 asked for still says rel="next"
    server.stubFor(
        get(urlEqualTo(REPO + "/pulls?state=open&page=1&limit=50"))
            .willReturn(
                okJson("[" + pr(3, "open", false).replace("promote/app", "other") + "]")
                    .withHeader(
                        "Link",
                        "<" + wiremock.url() + REPO + "/pulls?page=2&limit=30>; rel=\"next\"")));
    server.stubFor(
        get(urlEqualTo(REPO + "/pulls?state=open&page=2&limit=50"))
            .willReturn(okJson("[" + pr(9, "open", false) + "]")));

    assertThat(provider.findOpen("promote/app", "main").orElseThrow().number()).isEqualTo(9);
    assertThat(server.getAllServeEvents()).hasSize(2);
  }
}
