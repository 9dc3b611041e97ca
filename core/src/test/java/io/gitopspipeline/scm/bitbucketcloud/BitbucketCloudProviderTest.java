package io.gitopspipeline.scm.bitbucketcloud;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.FakeTime;
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

  private static final String STATUSES = REPO + "/commit/" + SHA + "/statuses";

  static String status(String state, String key, String name, String updatedOn) {
    return "{\"type\":\"commitstatus\",\"key\":\""
        + key
        + "\",\"refname\":null,\"url\":\"https://bitbucket.org\",\"state\":\""
        + state
        + "\",\"name\":\""
        + name
        + "\",\"description\":\"reconciliation succeeded\","
        + "\"created_on\":\"2026-01-01T00:00:00.000000+00:00\",\"updated_on\":\""
        + updatedOn
        + "\"}";
  }

  @Test
  void readsCommitStatusesFollowingNextNewestFirst() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100"))
            .willReturn(
                okJson(
                    "{\"pagelen\":100,\"size\":2,\"page\":1,\"values\":["
                        + status("INPROGRESS", "ci", "ci/build", "2026-01-01T00:00:30+00:00")
                        + "],\"next\":\""
                        + wiremock.url()
                        + STATUSES
                        + "?pagelen=100&page=2\"}")));
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100&page=2"))
            .willReturn(
                okJson(
                    "{\"pagelen\":100,\"size\":2,\"page\":2,\"values\":["
                        + status(
                            "SUCCESSFUL",
                            "5d9f1c0ffee5d9f1c0ffee5d9f1c0ffee5d9f1c0",
                            "kustomization/podinfo",
                            "2026-01-01T00:01:00.123456+00:00")
                        + "]}")));

    assertThat(provider.commitStatuses(SHA))
        .containsExactly(
            new ReportedCommitStatus(
                "kustomization/podinfo",
                "successful",
                "reconciliation succeeded",
                "https://bitbucket.org",
                Instant.parse("2026-01-01T00:01:00.123456Z")),
            new ReportedCommitStatus(
                "ci/build",
                "inprogress",
                "reconciliation succeeded",
                "https://bitbucket.org",
                Instant.parse("2026-01-01T00:00:30Z")));
    for (String query : List.of("?pagelen=100", "?pagelen=100&page=2")) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(STATUSES + query))
              .withHeader("Authorization", equalTo("Bearer bbc"))
              .withHeader("Accept", equalTo("application/json")));
    }
    assertThat(server.getAllServeEvents()).hasSize(2);
  }

  @Test
  void mapsEveryStateAndFallsBackToTheKeyWithoutAName() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100"))
            .willReturn(
                okJson(
                    "{\"values\":["
                        + String.join(
                            ",",
                            status("SUCCESSFUL", "a", "", "2026-01-01T00:00:04+00:00"),
                            status("FAILED", "b", "", "2026-01-01T00:00:03+00:00"),
                            status("INPROGRESS", "c", "", "2026-01-01T00:00:02+00:00"),
                            status("STOPPED", "d", "", "2026-01-01T00:00:01+00:00"))
                        + "]}")));

    assertThat(provider.commitStatuses(SHA))
        .extracting(ReportedCommitStatus::context, ReportedCommitStatus::state)
        .containsExactly(
            tuple("a", "successful"),
            tuple("b", "failed"),
            tuple("c", "inprogress"),
            tuple("d", "stopped"));
  }

  @Test
  void anAppPasswordIsSentAsBasicAuth() throws Exception {
    ScmProvider withAppPassword =
        ScmProviders.create(
            wiremock.connection(
                ProviderType.BITBUCKET_CLOUD, "/2.0", "acme/gitops", "jdoe:app-password"),
            time.context());
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100")).willReturn(okJson("{\"values\":[]}")));

    assertThat(withAppPassword.commitStatuses(SHA)).isEmpty();
    server.verify(
        getRequestedFor(urlEqualTo(STATUSES + "?pagelen=100"))
            .withHeader("Authorization", equalTo("Basic amRvZTphcHAtcGFzc3dvcmQ=")));
  }

  @Test
  void stopsAfterTenPagesOfNextLinksThatNeverEnd() throws Exception {
    // every page links to one further: a server that never says it is done
    for (int page = 1; page <= 12; page++) {
      server.stubFor(
          get(urlEqualTo(STATUSES + "?pagelen=100" + (page == 1 ? "" : "&page=" + page)))
              .willReturn(
                  okJson(
                      "{\"values\":["
                          + status("SUCCESSFUL", "a", "ci/a", "2026-01-01T00:00:00+00:00")
                          + "],\"next\":\""
                          + wiremock.url()
                          + STATUSES
                          + "?pagelen=100&page="
                          + (page + 1)
                          + "\"}")));
    }

    assertThat(provider.commitStatuses(SHA)).hasSize(ReportedCommitStatus.MAX_PAGES);
    server.verify(1, getRequestedFor(urlEqualTo(STATUSES + "?pagelen=100")));
    for (int page = 2; page <= ReportedCommitStatus.MAX_PAGES; page++) {
      server.verify(1, getRequestedFor(urlEqualTo(STATUSES + "?pagelen=100&page=" + page)));
    }
    assertThat(server.getAllServeEvents()).hasSize(ReportedCommitStatus.MAX_PAGES);
    assertThat(time.progress)
        .anySatisfy(p -> assertThat(p.message()).contains("more than 10 pages of commit statuses"));
  }

  @Test
  void aNextLinkBackToAPageAlreadyReadEndsReadingWithAWarning() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100"))
            .willReturn(
                okJson(
                    "{\"values\":["
                        + status("FAILED", "a", "ci/a", "2026-01-01T00:00:00+00:00")
                        + "],\"next\":\""
                        + wiremock.url()
                        + STATUSES
                        + "?pagelen=100\"}")));

    assertThat(provider.commitStatuses(SHA))
        .extracting(ReportedCommitStatus::state)
        .containsExactly("failed");
    server.verify(1, getRequestedFor(urlEqualTo(STATUSES + "?pagelen=100")));
    assertThat(server.getAllServeEvents()).hasSize(1);
    assertThat(time.progress)
        .anySatisfy(p -> assertThat(p.message()).contains("back to a page already read"));
  }

  /**
   * An open-pull-request search, never with the one sought, whose page N links to page {@code
   * next.applyAsInt(N)}; the first page has no page parameter.
   */
  private void stubEndlessOpenPullRequests(java.util.function.IntUnaryOperator next) {
    for (int page = 1; page <= 12; page++) {
      server.stubFor(
          get(urlPathEqualTo(REPO + "/pullrequests"))
              .withQueryParam("page", page == 1 ? absent() : equalTo(String.valueOf(page)))
              .willReturn(
                  okJson(
                      "{\"values\":["
                          + pr(100 + page, "OPEN", "").replace("promote/app", "other/" + page)
                          + "],\"next\":\""
                          + wiremock.url()
                          + REPO
                          + "/pullrequests?q=x&pagelen=50&page="
                          + next.applyAsInt(page)
                          + "\"}")));
    }
  }

  private static final PullRequestSpec SPEC =
      new PullRequestSpec("promote/app", "main", "Promote", "b", List.of(), List.of(), false);

  @Test
  void refusesToOpenAPullRequestWhenTheSearchForAnOpenOneNeverEnds() {
    stubEndlessOpenPullRequests(page -> page + 1);

    assertThatThrownBy(() -> service.openOrUpdate(SPEC))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "Bitbucket Cloud has more than 10 pages of open pull requests from promote/app into"
                + " main in acme/gitops; read 10 pages without a match and stopped rather than"
                + " risk opening a duplicate pull request");
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(REPO + "/pullrequests"))
            .withQueryParam("pagelen", equalTo("50"))
            .withQueryParam("page", absent())
            .withHeader("Authorization", equalTo("Bearer bbc")));
    for (int page = 2; page <= 10; page++) {
      server.verify(
          1,
          getRequestedFor(urlPathEqualTo(REPO + "/pullrequests"))
              .withQueryParam("page", equalTo(String.valueOf(page)))
              .withHeader("Authorization", equalTo("Bearer bbc")));
    }
    assertThat(server.getAllServeEvents()).hasSize(10);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void refusesToOpenAPullRequestWhenTheSearchsNextLinkDoesNotAdvance() {
    stubEndlessOpenPullRequests(page -> 2);

    assertThatThrownBy(() -> service.openOrUpdate(SPEC))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining(
            "Bitbucket Cloud pointed page 3 of open pull requests from promote/app into main in"
                + " acme/gitops back to a page already read; read 2 pages without a match");
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(REPO + "/pullrequests")).withQueryParam("page", absent()));
    server.verify(
        1,
        getRequestedFor(urlPathEqualTo(REPO + "/pullrequests"))
            .withQueryParam("page", equalTo("2")));
    assertThat(server.getAllServeEvents()).hasSize(2);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void refusesToFollowANextLinkToAnotherHost() {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100"))
            .willReturn(
                okJson("{\"values\":[],\"next\":\"https://attacker.example/2.0/steal?page=2\"}")));

    assertThatThrownBy(() -> provider.commitStatuses(SHA))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("next-page link to attacker.example")
        .hasMessageContaining("refusing to send the token there");
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void syncWaitPollingReadsFluxBitbucketStatuses() throws Exception {
    server.stubFor(
        get(urlEqualTo(STATUSES + "?pagelen=100"))
            .willReturn(
                okJson(
                    "{\"values\":["
                        + status(
                            "SUCCESSFUL",
                            "5d9f1c0ffee5d9f1c0ffee5d9f1c0ffee5d9f1c0",
                            "kustomization/podinfo",
                            "2026-01-01T00:01:00+00:00")
                        + "]}")));

    List<SyncEvent> events =
        new CommitStatusPoller(new ScmCommitStatusSource(provider))
            .poll(Target.of("Kustomization", "flux-system", "podinfo"), SHA);

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo(Phase.SUCCEEDED);
              assertThat(e.reason()).isEqualTo("ReconciliationSucceeded");
            });
  }
}
