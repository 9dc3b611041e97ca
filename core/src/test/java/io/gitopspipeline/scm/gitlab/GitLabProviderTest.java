package io.gitopspipeline.scm.gitlab;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.CommitState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.MergeOutcome;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.ReportedCommitStatus;
import io.gitopspipeline.scm.ScmNotFoundException;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.WireMockExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitLabProviderTest {
  private static final String TOKEN = "glpat-secretvalue";
  private static final String PROJECT = "/api/v4/projects/platform%2Fgitops";
  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final String MERGE_SHA = "2222222222222222222222222222222222222222";

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
            wiremock.connection(ProviderType.GITLAB, "", "platform/gitops", TOKEN), time.context());
    service = new PullRequestService(provider, time.context());
  }

  static String mr(int iid, String state, String extra) {
    return "{\"id\":100"
        + iid
        + ",\"iid\":"
        + iid
        + ",\"project_id\":42,\"title\":\"Promote app\",\"state\":\""
        + state
        + "\",\"source_branch\":\"promote/app\",\"target_branch\":\"main\",\"sha\":\""
        + SHA
        + "\",\"web_url\":\"https://gitlab.example.com/platform/gitops/-/merge_requests/"
        + iid
        + "\",\"labels\":[\"gitops\"],\"detailed_merge_status\":\"mergeable\""
        + extra
        + "}";
  }

  private static PullRequestSpec spec() {
    return new PullRequestSpec(
        "promote/app",
        "main",
        "Promote app",
        "body",
        List.of("gitops", "staging"),
        List.of(),
        false);
  }

  @Test
  void opensAMergeRequestWhenNoneIsOpen() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(PROJECT + "/merge_requests"))
            .willReturn(
                okJson("[]")
                    .withHeader("X-Total-Pages", "1")
                    .withHeader("X-Page", "1")
                    .withHeader("X-Per-Page", "100")
                    .withHeader("X-Total", "0")));
    server.stubFor(
        post(PROJECT + "/merge_requests").willReturn(jsonResponse(mr(5, "opened", ""), 201)));

    PullRequest opened = service.openOrUpdate(spec());

    assertThat(opened.number()).isEqualTo(5);
    assertThat(opened.url())
        .isEqualTo("https://gitlab.example.com/platform/gitops/-/merge_requests/5");
    server.verify(
        getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests"))
            .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
            .withQueryParam("state", equalTo("opened"))
            .withQueryParam("source_branch", equalTo("promote/app"))
            .withQueryParam("target_branch", equalTo("main")));
    server.verify(
        postRequestedFor(urlEqualTo(PROJECT + "/merge_requests"))
            .withHeader("PRIVATE-TOKEN", equalTo(TOKEN))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withFormParam("source_branch", equalTo("promote/app"))
            .withFormParam("target_branch", equalTo("main"))
            .withFormParam("title", equalTo("Promote app"))
            .withFormParam("description", equalTo("body"))
            .withFormParam("labels", equalTo("gitops,staging"))
            .withFormParam("remove_source_branch", equalTo("true")));
  }

  @Test
  void updatesTheOpenMergeRequestKeepingItsLabels() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(PROJECT + "/merge_requests"))
            .willReturn(
                okJson("[" + mr(5, "opened", "") + "]")
                    .withHeader("X-Total-Pages", "1")
                    .withHeader("X-Page", "1")
                    .withHeader("X-Per-Page", "100")
                    .withHeader("X-Total", "1")));
    server.stubFor(put(PROJECT + "/merge_requests/5").willReturn(okJson(mr(5, "opened", ""))));

    service.openOrUpdate(spec());

    server.verify(0, postRequestedFor(urlEqualTo(PROJECT + "/merge_requests")));
    server.verify(
        putRequestedFor(urlEqualTo(PROJECT + "/merge_requests/5"))
            .withFormParam("title", equalTo("Promote app"))
            .withFormParam("description", equalTo("body"))
            .withFormParam("labels", equalTo("gitops,staging")));
  }

  @Test
  void enablesMergeWhenPipelineSucceedsForTheCheckedHead() throws Exception {
    server.stubFor(
        put(PROJECT + "/merge_requests/5/merge")
            .willReturn(okJson(mr(5, "opened", ",\"merge_when_pipeline_succeeds\":true"))));
    server.stubFor(get(PROJECT + "/merge_requests/5").willReturn(okJson(mr(5, "opened", ""))));

    assertThat(service.enableAutoMerge(provider.get(5))).isTrue();

    server.verify(
        putRequestedFor(urlEqualTo(PROJECT + "/merge_requests/5/merge"))
            .withFormParam("merge_when_pipeline_succeeds", equalTo("true"))
            .withFormParam("auto_merge", equalTo("true"))
            .withFormParam("sha", equalTo(SHA)));
  }

  @Test
  void waitReturnsTheMergeCommitAndNamesWhoClosedOtherwise() throws Exception {
    server.stubFor(
        get(PROJECT + "/merge_requests/5")
            .willReturn(
                okJson(
                    mr(
                        5,
                        "merged",
                        ",\"merge_commit_sha\":\""
                            + MERGE_SHA
                            + "\",\"merged_by\":{\"username\":\"ops\"}"))));
    server.stubFor(
        get(PROJECT + "/merge_requests/6")
            .willReturn(
                okJson(mr(6, "closed", ",\"closed_by\":{\"id\":3,\"username\":\"lead\"}"))));

    MergeOutcome merged = service.waitForMerge(5, MergeWait.of(Duration.ofMinutes(1)));

    assertThat(merged.mergeCommit()).isEqualTo(MERGE_SHA);
    assertThatThrownBy(() -> service.waitForMerge(6, MergeWait.of(Duration.ofMinutes(1))))
        .hasMessageContaining("closed without merging by lead");
  }

  @Test
  void aSquashMergeReportsTheSquashCommit() throws Exception {
    server.stubFor(
        get(PROJECT + "/merge_requests/5")
            .willReturn(
                okJson(
                    mr(
                        5,
                        "merged",
                        ",\"merge_commit_sha\":null,\"squash_commit_sha\":\""
                            + MERGE_SHA
                            + "\""))));

    assertThat(provider.get(5).mergeCommit()).isEqualTo(MERGE_SHA);
  }

  @Test
  void missingProjectIsReportedAsTheRepository() {
    server.stubFor(
        get(urlPathEqualTo(PROJECT + "/merge_requests"))
            .willReturn(jsonResponse("{\"message\":\"404 Project Not Found\"}", 404)));

    assertThatThrownBy(() -> service.openOrUpdate(spec()))
        .isInstanceOf(ScmNotFoundException.class)
        .hasMessageContaining(
            "GitLab repository platform/gitops does not exist or the token cannot see it");
  }

  @Test
  void forbiddenNamesTheApiScope() {
    server.stubFor(
        get(PROJECT + "/merge_requests/5")
            .willReturn(jsonResponse("{\"message\":\"403 Forbidden\"}", 403)));

    assertThatThrownBy(() -> provider.get(5))
        .hasMessageContaining("GitLab refused access (HTTP 403) to repository platform/gitops")
        .hasMessageContaining("'api' scope")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void waitsOutA429UsingRetryAfter() throws Exception {
    server.stubFor(
        get(PROJECT + "/merge_requests/5")
            .inScenario("rl")
            .whenScenarioStateIs("Started")
            .willReturn(
                jsonResponse("{\"message\":\"Retry later\"}", 429).withHeader("Retry-After", "7"))
            .willSetStateTo("ok"));
    server.stubFor(
        get(PROJECT + "/merge_requests/5")
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(mr(5, "opened", ""))));

    assertThat(provider.get(5).number()).isEqualTo(5);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void setsAPipelineStatusOnACommit() throws Exception {
    server.stubFor(
        post(PROJECT + "/statuses/" + SHA)
            .willReturn(jsonResponse("{\"id\":1,\"status\":\"running\"}", 201)));

    service.setCommitStatus(
        SHA, new CommitStatus(CommitState.PENDING, "gitops/promote", "Promoting", "https://ci/1"));

    server.verify(
        postRequestedFor(urlEqualTo(PROJECT + "/statuses/" + SHA))
            .withFormParam("state", equalTo("pending"))
            .withFormParam("name", equalTo("gitops/promote"))
            .withFormParam("description", equalTo("Promoting"))
            .withFormParam("target_url", equalTo("https://ci/1")));
  }

  @Test
  void commentsWithANote() throws Exception {
    server.stubFor(
        post(PROJECT + "/merge_requests/5/notes")
            .willReturn(jsonResponse("{\"id\":1,\"body\":\"synced\"}", 201)));

    service.comment(5, "synced");

    server.verify(
        postRequestedFor(urlEqualTo(PROJECT + "/merge_requests/5/notes"))
            .withFormParam("body", equalTo("synced")));
  }

  @Test
  void followsPagesOfMergeRequests() throws Exception {
    String other =
        mr(4, "opened", "")
            .replace("\"source_branch\":\"promote/app\"", "\"source_branch\":\"other\"");
    server.stubFor(
        get(urlPathEqualTo(PROJECT + "/merge_requests"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                okJson("[" + other + "]")
                    .withHeader("X-Total-Pages", "2")
                    .withHeader("X-Page", "1")
                    .withHeader("X-Per-Page", "100")
                    .withHeader("X-Total", "2")
                    .withHeader("X-Next-Page", "2")));
    server.stubFor(
        get(urlPathEqualTo(PROJECT + "/merge_requests"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                okJson("[" + mr(5, "opened", "") + "]")
                    .withHeader("X-Total-Pages", "2")
                    .withHeader("X-Page", "2")
                    .withHeader("X-Per-Page", "100")
                    .withHeader("X-Total", "2")));

    assertThat(provider.findOpen("promote/app", "main").orElseThrow().number()).isEqualTo(5);
    server.verify(
        getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests"))
            .withQueryParam("page", equalTo("2"))
            .withQueryParam("per_page", equalTo("100")));
  }

  @Test
  void refusesToOpenAMergeRequestWhenThePagesOfOpenOnesNeverEnd() {
    String other =
        mr(4, "opened", "")
            .replace("\"source_branch\":\"promote/app\"", "\"source_branch\":\"other\"");
    for (int page = 1; page <= 12; page++) {
      server.stubFor(
          get(urlPathEqualTo(PROJECT + "/merge_requests"))
              .withQueryParam("page", equalTo(String.valueOf(page)))
              .willReturn(
                  okJson("[" + other + "]")
                      .withHeader("X-Total-Pages", "100000")
                      .withHeader("X-Page", String.valueOf(page))
                      .withHeader("X-Per-Page", "100")
                      .withHeader("X-Total", "100000")
                      .withHeader("X-Next-Page", String.valueOf(page + 1))));
    }

    assertThatThrownBy(() -> service.openOrUpdate(spec()))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitLab has more than 10 pages of open merge requests from promote/app into main in"
                + " platform/gitops; read 10 pages without a match and stopped rather than risk"
                + " opening a duplicate merge request");
    for (int page = 1; page <= 10; page++) {
      server.verify(
          1,
          getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests"))
              .withQueryParam("page", equalTo(String.valueOf(page)))
              .withQueryParam("per_page", equalTo("100"))
              .withQueryParam("state", equalTo("opened"))
              .withQueryParam("source_branch", equalTo("promote/app"))
              .withQueryParam("target_branch", equalTo("main"))
              .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
    }
    assertThat(server.getAllServeEvents()).hasSize(10);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void aRejectedTokenIsA401NamingTheScope() {
    server.stubFor(
        get(PROJECT + "/merge_requests/5")
            .willReturn(jsonResponse("{\"message\":\"401 Unauthorized\"}", 401)));

    assertThatThrownBy(() -> provider.get(5))
        .hasMessageContaining(
            "GitLab rejected the credentials (HTTP 401) for repository platform/gitops")
        .hasMessageContaining("'api' scope");
  }

  @Test
  void readsTheLatestStatusOfEachNameNewestFirst() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(PROJECT + "/repository/commits/" + SHA + "/statuses"))
            .willReturn(
                okJson(
                    "[{\"id\":1,\"sha\":\""
                        + SHA
                        + "\",\"status\":\"success\",\"name\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"description\":\"reconciliation succeeded\","
                        + "\"created_at\":\"2026-01-01T00:00:00.000Z\",\"finished_at\":\"2026-01-01T00:00:01.000Z\"},"
                        + "{\"id\":2,\"sha\":\""
                        + SHA
                        + "\",\"status\":\"failed\",\"name\":\"kustomization/redis/0c9c2e41\","
                        + "\"description\":\"health check failed\","
                        + "\"created_at\":\"2026-01-01T00:05:00.000Z\",\"finished_at\":\"2026-01-01T00:05:01.000Z\"}]")));

    List<ReportedCommitStatus> statuses = provider.commitStatuses(SHA);

    assertThat(statuses)
        .containsExactly(
            new ReportedCommitStatus(
                "kustomization/redis/0c9c2e41",
                "failed",
                "health check failed",
                null,
                Instant.parse("2026-01-01T00:05:01Z")),
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "success",
                "reconciliation succeeded",
                null,
                Instant.parse("2026-01-01T00:00:01Z")));
    server.verify(
        getRequestedFor(urlPathEqualTo(PROJECT + "/repository/commits/" + SHA + "/statuses"))
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("per_page", equalTo("100"))
            .withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
  }

  @Test
  void readsEveryPageOfStatusesUntilAShortOne() throws Exception {
    String statuses = PROJECT + "/repository/commits/" + SHA + "/statuses";
    StringBuilder full = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      full.append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"status\":\"running\",\"name\":\"ci/step-")
          .append(i)
          .append("\",\"created_at\":\"2026-01-01T00:00:00.000Z\"}");
    }
    server.stubFor(
        get(urlPathEqualTo(statuses))
            .withQueryParam("page", equalTo("1"))
            .willReturn(okJson(full.append("]").toString()).withHeader("X-Next-Page", "2")));
    server.stubFor(
        get(urlPathEqualTo(statuses))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                okJson(
                    "[{\"id\":100,\"status\":\"success\",\"name\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"description\":\"reconciliation succeeded\","
                        + "\"created_at\":\"2026-01-01T00:05:00.000Z\"}]")));

    List<ReportedCommitStatus> read = provider.commitStatuses(SHA);

    assertThat(read).hasSize(101);
    assertThat(read.get(0))
        .isEqualTo(
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "success",
                "reconciliation succeeded",
                null,
                Instant.parse("2026-01-01T00:05:00Z")));
    assertThat(server.getAllServeEvents())
        .extracting(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())
        .containsExactlyInAnyOrder(
            "GET " + statuses + "?page=1&per_page=100", "GET " + statuses + "?page=2&per_page=100");
    server.verify(
        2, getRequestedFor(urlPathEqualTo(statuses)).withHeader("PRIVATE-TOKEN", equalTo(TOKEN)));
  }
}
