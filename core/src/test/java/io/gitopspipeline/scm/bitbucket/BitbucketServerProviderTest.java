package io.gitopspipeline.scm.bitbucket;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.CommitState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.MergeOutcome;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.ReportedCommitStatus;
import io.gitopspipeline.scm.ScmCommitStatusSource;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.WireMockExtension;
import io.gitopspipeline.sync.CommitStatusPoller;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BitbucketServerProviderTest {
  private static final String REPO = "/rest/api/1.0/projects/OPS/repos/gitops";
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
            wiremock.connection(ProviderType.BITBUCKET, "", "OPS/gitops", "bbdc"), time.context());
    service = new PullRequestService(provider, time.context());
  }

  static String pr(int id, String state, int version, String extra) {
    return "{\"id\":"
        + id
        + ",\"version\":"
        + version
        + ",\"title\":\"Promote\",\"state\":\""
        + state
        + "\",\"open\":"
        + state.equals("OPEN")
        + ",\"fromRef\":{\"id\":\"refs/heads/promote/app\",\"latestCommit\":\""
        + SHA
        + "\"},\"toRef\":{\"id\":\"refs/heads/main\"},"
        + "\"reviewers\":[],\"links\":{\"self\":[{\"href\":\"https://bitbucket.example.com/projects/OPS/repos/gitops/pull-requests/"
        + id
        + "\"}]}"
        + extra
        + "}";
  }

  @Test
  void createsWithFromAndToRefs() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pull-requests"))
            .willReturn(
                okJson(
                    "{\"size\":0,\"limit\":100,\"isLastPage\":true,\"values\":[],\"start\":0}")));
    server.stubFor(
        post(urlEqualTo(REPO + "/pull-requests"))
            .willReturn(jsonResponse(pr(8, "OPEN", 0, ""), 201)));

    assertThat(
            service
                .openOrUpdate(
                    new PullRequestSpec(
                        "promote/app", "main", "Promote", "b", List.of(), List.of("jdoe"), false))
                .url())
        .isEqualTo("https://bitbucket.example.com/projects/OPS/repos/gitops/pull-requests/8");

    server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pull-requests"))
            .withHeader("Authorization", equalTo("Bearer bbdc"))
            .withQueryParam("direction", equalTo("OUTGOING"))
            .withQueryParam("at", equalTo("refs/heads/promote/app"))
            .withQueryParam("state", equalTo("OPEN")));
    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pull-requests"))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"Promote\",\"description\":\"b\",\"state\":\"OPEN\",\"open\":true,\"closed\":false,"
                        + "\"fromRef\":{\"id\":\"refs/heads/promote/app\",\"repository\":{\"slug\":\"gitops\",\"project\":{\"key\":\"OPS\"}}},"
                        + "\"toRef\":{\"id\":\"refs/heads/main\",\"repository\":{\"slug\":\"gitops\",\"project\":{\"key\":\"OPS\"}}},"
                        + "\"locked\":false,\"reviewers\":[{\"user\":{\"name\":\"jdoe\"}}]}")));
  }

  @Test
  void updatesWithTheCurrentVersion() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pull-requests"))
            .willReturn(okJson("{\"isLastPage\":true,\"values\":[" + pr(8, "OPEN", 3, "") + "]}")));
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .willReturn(
                okJson(
                    pr(8, "OPEN", 3, "")
                        .replace(
                            "\"reviewers\":[]",
                            "\"reviewers\":[{\"user\":{\"name\":\"kept\"},\"approved\":false}]"))));
    server.stubFor(
        put(urlEqualTo(REPO + "/pull-requests/8")).willReturn(okJson(pr(8, "OPEN", 4, ""))));

    service.openOrUpdate(
        new PullRequestSpec("promote/app", "main", "Promote 2", "b2", List.of(), List.of(), false));

    server.verify(
        putRequestedFor(urlEqualTo(REPO + "/pull-requests/8"))
            .withRequestBody(
                equalToJson(
                    "{\"version\":3,\"title\":\"Promote 2\",\"description\":\"b2\",\"reviewers\":[{\"user\":{\"name\":\"kept\"}}]}")));
  }

  @Test
  void mergesOnlyWhenCanMergeAndBuildsAreGreen() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .inScenario("m")
            .whenScenarioStateIs("Started")
            .willReturn(okJson(pr(8, "OPEN", 5, ""))));
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8/merge"))
            .inScenario("m")
            .whenScenarioStateIs("Started")
            .willReturn(
                okJson(
                    "{\"canMerge\":false,\"conflicted\":false,\"outcome\":\"CLEAN\",\"vetoes\":[{\"summaryMessage\":\"Needs approval\"}]}"))
            .willSetStateTo("approved"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .inScenario("m")
            .whenScenarioStateIs("approved")
            .willReturn(okJson(pr(8, "OPEN", 5, ""))));
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8/merge"))
            .inScenario("m")
            .whenScenarioStateIs("approved")
            .willReturn(
                okJson(
                    "{\"canMerge\":true,\"conflicted\":false,\"outcome\":\"CLEAN\",\"vetoes\":[]}")));
    server.stubFor(
        get(urlEqualTo("/rest/build-status/1.0/commits/stats/" + SHA))
            .willReturn(okJson("{\"successful\":2,\"inProgress\":0,\"failed\":0}")));
    server.stubFor(
        post(urlEqualTo(REPO + "/pull-requests/8/merge?version=5"))
            .inScenario("m")
            .willReturn(
                okJson(
                    pr(
                        8,
                        "MERGED",
                        6,
                        ",\"properties\":{\"mergeCommit\":{\"id\":\"" + MERGE_SHA + "\"}}")))
            .willSetStateTo("merged"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .inScenario("m")
            .whenScenarioStateIs("merged")
            .willReturn(
                okJson(
                    pr(
                        8,
                        "MERGED",
                        6,
                        ",\"properties\":{\"mergeCommit\":{\"id\":\"" + MERGE_SHA + "\"}}"))));

    MergeOutcome outcome =
        service.waitForMerge(
            8,
            new MergeWait(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(1), true));

    assertThat(outcome.mergeCommit()).isEqualTo(MERGE_SHA);
    server.verify(
        1,
        postRequestedFor(urlEqualTo(REPO + "/pull-requests/8/merge?version=5"))
            .withHeader("X-Atlassian-Token", equalTo("no-check")));
  }

  @Test
  void aDeclinedPullRequestNamesTheDecliner() {
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8")).willReturn(okJson(pr(8, "DECLINED", 2, ""))));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pull-requests/8/activities"))
            .willReturn(
                okJson(
                    "{\"isLastPage\":true,\"values\":[{\"action\":\"DECLINED\",\"user\":{\"name\":\"admin\"}}]}")));

    assertThatThrownBy(() -> service.waitForMerge(8, MergeWait.of(Duration.ofMinutes(1))))
        .hasMessageContaining("closed without merging by admin");
  }

  @Test
  void setsABuildStatus() throws Exception {
    server.stubFor(
        post(urlEqualTo("/rest/build-status/1.0/commits/" + SHA))
            .willReturn(aResponse().withStatus(204)));

    service.setCommitStatus(
        SHA, new CommitStatus(CommitState.SUCCESS, "gitops/promote", "ok", "https://ci/1"));

    server.verify(
        postRequestedFor(urlEqualTo("/rest/build-status/1.0/commits/" + SHA))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"SUCCESSFUL\",\"key\":\"gitops/promote\",\"name\":\"gitops/promote\",\"url\":\"https://ci/1\",\"description\":\"ok\"}")));
  }

  @Test
  void followsNextPageStart() throws Exception {
    String other = pr(1, "OPEN", 0, "").replace("refs/heads/main", "refs/heads/release");
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pull-requests"))
            .withQueryParam("start", equalTo("0"))
            .willReturn(
                okJson(
                    "{\"size\":1,\"limit\":100,\"isLastPage\":false,\"nextPageStart\":100,\"start\":0,\"values\":["
                        + other
                        + "]}")));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pull-requests"))
            .withQueryParam("start", equalTo("100"))
            .willReturn(
                okJson(
                    "{\"size\":1,\"limit\":100,\"isLastPage\":true,\"start\":100,\"values\":["
                        + pr(8, "OPEN", 1, "")
                        + "]}")));

    assertThat(provider.findOpen("promote/app", "main").orElseThrow().number()).isEqualTo(8);
    server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pull-requests"))
            .withQueryParam("start", equalTo("100"))
            .withQueryParam("limit", equalTo("100")));
  }

  /**
   * Open pull requests from promote/app, never into main, whose page at {@code start=N} says the
   * next one starts at {@code next.applyAsInt(N)}.
   */
  private void stubEndlessOpenPullRequests(java.util.function.IntUnaryOperator next) {
    String other = pr(1, "OPEN", 0, "").replace("refs/heads/main", "refs/heads/release");
    for (int start = 0; start <= 12; start++) {
      server.stubFor(
          get(urlPathEqualTo(REPO + "/pull-requests"))
              .withQueryParam("start", equalTo(String.valueOf(start)))
              .willReturn(
                  okJson(
                      "{\"size\":1,\"limit\":100,\"isLastPage\":false,\"nextPageStart\":"
                          + next.applyAsInt(start)
                          + ",\"start\":"
                          + start
                          + ",\"values\":["
                          + other
                          + "]}")));
    }
  }

  private static final PullRequestSpec SPEC =
      new PullRequestSpec("promote/app", "main", "Promote", "b", List.of(), List.of(), false);

  private static String outgoing(int start) {
    return REPO
        + "/pull-requests?direction=OUTGOING&at=refs%2Fheads%2Fpromote%2Fapp&state=OPEN&start="
        + start
        + "&limit=100";
  }

  @Test
  void refusesToOpenAPullRequestWhenTheSearchForAnOpenOneNeverEnds() {
    stubEndlessOpenPullRequests(start -> start + 1);

    assertThatThrownBy(() -> service.openOrUpdate(SPEC))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "Bitbucket Data Center has more than 10 pages of open pull requests from promote/app"
                + " into main in OPS/gitops; read 10 pages without a match and stopped rather than"
                + " risk opening a duplicate pull request");
    for (int start = 0; start < 10; start++) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(outgoing(start)))
              .withHeader("Authorization", equalTo("Bearer bbdc")));
    }
    assertThat(server.getAllServeEvents()).hasSize(10);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void refusesToOpenAPullRequestWhenNextPageStartDoesNotAdvance() {
    stubEndlessOpenPullRequests(start -> 0);

    assertThatThrownBy(() -> service.openOrUpdate(SPEC))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining(
            "Bitbucket Data Center pointed page 2 of open pull requests from promote/app into main"
                + " in OPS/gitops back to a page already read; read 1 page without a match");
    server.verify(1, getRequestedFor(urlEqualTo(outgoing(0))));
    assertThat(server.getAllServeEvents()).hasSize(1);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void aRejectedTokenNamesTheRepositoryPermission() {
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .willReturn(
                jsonResponse(
                    "{\"errors\":[{\"context\":null,\"message\":\"Authentication failed. Please check your credentials and try again.\",\"exceptionName\":\"com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException\"}]}",
                    401)));

    assertThatThrownBy(() -> provider.get(8))
        .hasMessageContaining(
            "Bitbucket Data Center rejected the credentials (HTTP 401) for repository OPS/gitops")
        .hasMessageContaining("Authentication failed")
        .hasMessageContaining("Repository write");
  }

  @Test
  void waitsOutA429() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .inScenario("rl")
            .whenScenarioStateIs("Started")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3"))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pull-requests/8"))
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(pr(8, "MERGED", 2, ""))));

    assertThat(provider.get(8).number()).isEqualTo(8);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  private static final String STATUSES = "/rest/build-status/1.0/commits/" + SHA;

  static String build(String state, String key, String name, String extra) {
    return "{\"state\":\""
        + state
        + "\",\"key\":\""
        + key
        + "\",\"name\":\""
        + name
        + "\",\"url\":\"https://ci.example.com/"
        + key
        + "\",\"description\":\"reconciliation succeeded\""
        + extra
        + "}";
  }

  @Test
  void readsBuildStatusesAcrossPagesNewestFirst() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?start=0&limit=100"))
            .willReturn(
                okJson(
                    "{\"size\":1,\"limit\":100,\"isLastPage\":false,\"nextPageStart\":100,"
                        + "\"start\":0,\"values\":["
                        + build(
                            "INPROGRESS", "ci-build", "ci/build", ",\"dateAdded\":1767225600000")
                        + "]}")));
    server.stubFor(
        get(urlEqualTo(STATUSES + "?start=100&limit=100"))
            .willReturn(
                okJson(
                    "{\"size\":1,\"limit\":100,\"isLastPage\":true,\"start\":100,\"values\":["
                        + build(
                            "SUCCESSFUL",
                            "0c9c2e41d1b2a5f1c0ffee0c9c2e41d1b2a5f1c0",
                            "kustomization/podinfo [reconciliation succeeded]",
                            ",\"createdDate\":1767225600000,\"updatedDate\":1767225660000")
                        + "]}")));

    assertThat(provider.commitStatuses(SHA))
        .containsExactly(
            new ReportedCommitStatus(
                "kustomization/podinfo [reconciliation succeeded]",
                "successful",
                "reconciliation succeeded",
                "https://ci.example.com/0c9c2e41d1b2a5f1c0ffee0c9c2e41d1b2a5f1c0",
                Instant.parse("2026-01-01T00:01:00Z")),
            new ReportedCommitStatus(
                "ci/build",
                "inprogress",
                "reconciliation succeeded",
                "https://ci.example.com/ci-build",
                Instant.parse("2026-01-01T00:00:00Z")));
    for (String query : List.of("?start=0&limit=100", "?start=100&limit=100")) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(STATUSES + query))
              .withHeader("Authorization", equalTo("Bearer bbdc"))
              .withHeader("X-Atlassian-Token", equalTo("no-check"))
              .withHeader("Accept", equalTo("application/json")));
    }
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void mapsEveryBuildStateToItsLowerCaseWordAndFallsBackToTheKey() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?start=0&limit=100"))
            .willReturn(
                okJson(
                    "{\"isLastPage\":true,\"start\":0,\"values\":["
                        + String.join(
                            ",",
                            build("SUCCESSFUL", "a", "", ""),
                            build("FAILED", "b", "", ""),
                            build("INPROGRESS", "c", "", ""),
                            build("CANCELLED", "d", "", ""),
                            build("UNKNOWN", "e", "", ""))
                        + "]}")));

    assertThat(provider.commitStatuses(SHA))
        .extracting(ReportedCommitStatus::context, ReportedCommitStatus::state)
        .containsExactly(
            tuple("a", "successful"),
            tuple("b", "failed"),
            tuple("c", "inprogress"),
            tuple("d", "cancelled"),
            tuple("e", "unknown"));
  }

  @Test
  void stopsAfterTenPagesOfAServerThatNeverEnds() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?start=0&limit=100"))
            .willReturn(
                okJson(
                    "{\"isLastPage\":false,\"nextPageStart\":1,\"start\":0,\"values\":["
                        + build("SUCCESSFUL", "a", "ci/a", "")
                        + "]}")));
    // every later page points one further: a server that never says it is done
    for (int start = 1; start < 20; start++) {
      server.stubFor(
          get(urlEqualTo(STATUSES + "?start=" + start + "&limit=100"))
              .willReturn(
                  okJson(
                      "{\"isLastPage\":false,\"nextPageStart\":"
                          + (start + 1)
                          + ",\"start\":"
                          + start
                          + ",\"values\":["
                          + build("SUCCESSFUL", "a", "ci/a", "")
                          + "]}")));
    }

    assertThat(provider.commitStatuses(SHA)).hasSize(ReportedCommitStatus.MAX_PAGES);
    assertThat(server.getAllServeEvents()).hasSize(ReportedCommitStatus.MAX_PAGES);
    assertThat(time.progress)
        .anySatisfy(p -> assertThat(p.message()).contains("more than 10 pages of commit statuses"));
  }

  @Test
  void aNextPageStartThatDoesNotMoveForwardEndsReading() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?start=0&limit=100"))
            .willReturn(
                okJson(
                    "{\"isLastPage\":false,\"nextPageStart\":0,\"start\":0,\"values\":["
                        + build("FAILED", "a", "ci/a", "")
                        + "]}")));

    assertThat(provider.commitStatuses(SHA))
        .extracting(ReportedCommitStatus::state)
        .containsExactly("failed");
    server.verify(1, getRequestedFor(urlPathEqualTo(STATUSES)));
  }

  @Test
  void syncWaitPollingReadsFluxBitbucketServerStatuses() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?start=0&limit=100"))
            .willReturn(
                okJson(
                    "{\"isLastPage\":true,\"start\":0,\"values\":["
                        + "{\"state\":\"FAILED\",\"key\":\"7d5c0e1a\","
                        + "\"name\":\"kustomization/podinfo [health check failed]\","
                        + "\"url\":\"https://bitbucket.example.com/scm/ops/gitops.git\","
                        + "\"description\":\"health check failed\",\"dateAdded\":1767225600000}"
                        + "]}")));

    List<SyncEvent> events =
        new CommitStatusPoller(new ScmCommitStatusSource(provider))
            .poll(Target.of("Kustomization", "flux-system", "podinfo"), SHA);

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo(Phase.FAILED);
              assertThat(e.reason()).isEqualTo("HealthCheckFailed");
            });
  }
}
