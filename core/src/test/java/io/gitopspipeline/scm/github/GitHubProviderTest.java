package io.gitopspipeline.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.scm.ChecksState;
import io.gitopspipeline.scm.CommitState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.MergeOutcome;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.PullRequestState;
import io.gitopspipeline.scm.ReportedCommitStatus;
import io.gitopspipeline.scm.ScmCommitStatusSource;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmNotFoundException;
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

class GitHubProviderTest {
  private static final String TOKEN = "ghp_secretvalue123";
  private static final String HEAD_SHA = "1111111111111111111111111111111111111111";
  private static final String MERGE_SHA = "2222222222222222222222222222222222222222";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();
  private WireMockServer server;
  private PullRequestService service;
  private GitHubProvider provider;

  @BeforeEach
  void setUp() throws GitOpsException {
    server = wiremock.server();
    server.stubFor(
        get("/repos/acme/gitops")
            .willReturn(
                okJson(
                    "{\"id\":1,\"name\":\"gitops\",\"full_name\":\"acme/gitops\",\"owner\":{\"login\":\"acme\"}}")));
    provider = (GitHubProvider) ScmProviders.create(connection(), time.context());
    service = new PullRequestService(provider, time.context());
  }

  private ScmConnection connection() throws GitOpsException {
    return wiremock.connection(ProviderType.GITHUB, "", "acme/gitops", TOKEN);
  }

  static String pr(int number, String state, boolean merged, String extra) {
    return "{\"number\":"
        + number
        + ",\"node_id\":\"PR_node"
        + number
        + "\",\"state\":\""
        + state
        + "\",\"title\":\"Promote app to staging\",\"body\":\"old\",\"html_url\":\"https://github.com/acme/gitops/pull/"
        + number
        + "\",\"head\":{\"ref\":\"promote/app-staging\",\"sha\":\""
        + HEAD_SHA
        + "\"},\"base\":{\"ref\":\"main\",\"sha\":\"3333333333333333333333333333333333333333\"},"
        + "\"labels\":[{\"name\":\"gitops\"}],\"requested_reviewers\":[],\"requested_teams\":[],\"mergeable\":true,\"mergeable_state\":\"clean\","
        + "\"merged\":"
        + merged
        + (merged
            ? ",\"merged_at\":\"2026-01-01T00:00:00Z\",\"merge_commit_sha\":\""
                + MERGE_SHA
                + "\",\"merged_by\":{\"login\":\"octocat\"}"
            : "")
        + extra
        + "}";
  }

  private static PullRequestSpec spec() {
    return new PullRequestSpec(
        "promote/app-staging",
        "main",
        "Promote app to staging",
        "new body",
        List.of("gitops", "staging"),
        List.of("alice"),
        false);
  }

  @Test
  void opensAPullRequestWithLabelsAndReviewersWhenNoneIsOpen() throws Exception {
    server.stubFor(get(urlPathEqualTo("/repos/acme/gitops/pulls")).willReturn(okJson("[]")));
    server.stubFor(post("/repos/acme/gitops/pulls").willReturn(okJson(pr(7, "open", false, ""))));
    server.stubFor(
        post("/repos/acme/gitops/issues/7/labels")
            .willReturn(okJson("[{\"name\":\"gitops\"},{\"name\":\"staging\"}]")));
    server.stubFor(get("/users/alice").willReturn(okJson("{\"login\":\"alice\",\"id\":5}")));
    server.stubFor(
        post("/repos/acme/gitops/pulls/7/requested_reviewers")
            .willReturn(okJson(pr(7, "open", false, ""))));

    PullRequest opened = service.openOrUpdate(spec());

    assertThat(opened.number()).isEqualTo(7);
    assertThat(opened.url()).isEqualTo("https://github.com/acme/gitops/pull/7");
    assertThat(opened.state()).isEqualTo(PullRequestState.OPEN);
    server.verify(
        getRequestedFor(urlPathEqualTo("/repos/acme/gitops/pulls"))
            .withQueryParam("state", equalTo("open"))
            .withQueryParam("head", equalTo("acme:promote/app-staging"))
            .withQueryParam("base", equalTo("main"))
            .withQueryParam("per_page", equalTo("100"))
            .withHeader("Authorization", equalTo("token " + TOKEN)));
    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/pulls"))
            .withHeader("Authorization", equalTo("token " + TOKEN))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"Promote app to staging\",\"head\":\"promote/app-staging\",\"base\":\"main\","
                        + "\"body\":\"new body\",\"maintainer_can_modify\":true,\"draft\":false}")));
    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/issues/7/labels"))
            .withRequestBody(equalToJson("{\"labels\":[\"gitops\",\"staging\"]}")));
    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/7/requested_reviewers"))
            .withRequestBody(equalToJson("{\"reviewers\":[\"alice\"]}")));
  }

  @Test
  void updatesTheOpenPullRequestInsteadOfOpeningADuplicate() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/pulls"))
            .willReturn(okJson("[" + pr(7, "open", false, "") + "]")));
    server.stubFor(
        patch(urlEqualTo("/repos/acme/gitops/pulls/7"))
            .willReturn(okJson(pr(7, "open", false, ""))));
    server.stubFor(post("/repos/acme/gitops/issues/7/labels").willReturn(okJson("[]")));
    server.stubFor(get("/users/alice").willReturn(okJson("{\"login\":\"alice\",\"id\":5}")));
    server.stubFor(
        post("/repos/acme/gitops/pulls/7/requested_reviewers")
            .willReturn(okJson(pr(7, "open", false, ""))));

    PullRequest updated = service.openOrUpdate(spec());

    assertThat(updated.number()).isEqualTo(7);
    server.verify(0, postRequestedFor(urlEqualTo("/repos/acme/gitops/pulls")));
    server.verify(
        patchRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/7"))
            .withRequestBody(equalToJson("{\"body\":\"new body\"}")));
    // only the label that is not there yet
    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/issues/7/labels"))
            .withRequestBody(equalToJson("{\"labels\":[\"staging\"]}")));
  }

  @Test
  void followsPaginationLinksWhenLookingForTheOpenPullRequest() throws Exception {
    String next =
        wiremock.url()
            + "/repositories/1/pulls?state=open&head=acme%3Apromote%2Fapp-staging&base=main&per_page=100&page=2";
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/pulls"))
            .willReturn(
                okJson("[" + pr(3, "open", false, "").replace("promote/app-staging", "other") + "]")
                    .withHeader("Link", "<" + next + ">; rel=\"next\"")));
    server.stubFor(
        get(urlPathEqualTo("/repositories/1/pulls"))
            .willReturn(okJson("[" + pr(9, "open", false, "") + "]")));

    PullRequest found = provider.findOpen("promote/app-staging", "main").orElseThrow();

    assertThat(found.number()).isEqualTo(9);
    server.verify(
        getRequestedFor(urlPathEqualTo("/repositories/1/pulls"))
            .withQueryParam("page", equalTo("2")));
  }

  @Test
  void refusesToOpenAPullRequestWhenThePagesOfOpenOnesNeverEnd() {
    String pulls = "/repos/acme/gitops/pulls";
    for (int page = 1; page <= 12; page++) {
      server.stubFor(
          get(urlPathEqualTo(pulls))
              .withQueryParam("page", page == 1 ? absent() : equalTo(String.valueOf(page)))
              .willReturn(
                  okJson(
                          "["
                              + pr(3, "open", false, "").replace("promote/app-staging", "other")
                              + "]")
                      .withHeader(
                          "Link",
                          "<"
                              + wiremock.url()
                              + pulls
                              + "?state=open&per_page=100&page="
                              + (page + 1)
                              + ">; rel=\"next\"")));
    }

    assertThatThrownBy(() -> service.openOrUpdate(spec()))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "GitHub has more than 10 pages of open pull requests from promote/app-staging into"
                + " main in acme/gitops; read 10 pages without a match and stopped rather than"
                + " risk opening a duplicate pull request");
    server.verify(
        1,
        getRequestedFor(
                urlEqualTo(
                    pulls + "?state=open&head=acme%3Apromote%2Fapp-staging&base=main&per_page=100"))
            .withHeader("Authorization", equalTo("token " + TOKEN)));
    // github-api asks for the eleventh page only to learn whether there is one
    for (int page = 2; page <= 11; page++) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(pulls + "?state=open&per_page=100&page=" + page))
              .withHeader("Authorization", equalTo("token " + TOKEN)));
    }
    server.verify(11, getRequestedFor(urlPathEqualTo(pulls)));
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void refusesToFollowANextPageLinkToAnotherOriginWithTheToken() throws Exception {
    WireMockServer elsewhere =
        new WireMockServer(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort());
    elsewhere.start();
    try {
      elsewhere.stubFor(get(anyUrl()).willReturn(okJson("[" + pr(9, "open", false, "") + "]")));
      server.stubFor(
          get(urlPathEqualTo("/repos/acme/gitops/pulls"))
              .willReturn(
                  okJson("[" + pr(3, "open", false, "").replace("promote/app-staging", "x") + "]")
                      .withHeader(
                          "Link",
                          "<http://127.0.0.1:"
                              + elsewhere.port()
                              + "/steal?page=2>; rel=\"next\"")));

      assertThatThrownBy(() -> provider.findOpen("promote/app-staging", "main"))
          .isInstanceOf(GitOpsException.class)
          .hasMessage(
              "GitHub pointed a request for acme/gitops at 127.0.0.1:"
                  + elsewhere.port()
                  + ", not at 127.0.0.1:"
                  + server.port()
                  + "; refusing to send the token there (check --server-url)");
      assertThat(elsewhere.getAllServeEvents()).isEmpty();
      server.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/gitops/pulls")));
    } finally {
      elsewhere.stop();
    }
  }

  @Test
  void checksWithCheckRunsThatNeverEndAreNeverGreen() throws Exception {
    String runs = "/repos/acme/gitops/commits/" + HEAD_SHA + "/check-runs";
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/statuses/" + HEAD_SHA))
            .willReturn(okJson("[{\"state\":\"success\",\"context\":\"ci\"}]")));
    server.stubFor(
        get(urlPathEqualTo(runs))
            .willReturn(
                okJson(
                        "{\"total_count\":100000,\"check_runs\":[{\"id\":1,"
                            + "\"status\":\"completed\",\"conclusion\":\"success\"}]}")
                    .withHeader(
                        "Link",
                        "<" + wiremock.url() + runs + "?per_page=100&page=2>; rel=\"next\"")));
    server.stubFor(get("/repos/acme/gitops/pulls/7").willReturn(okJson(pr(7, "open", false, ""))));

    assertThat(provider.checks(provider.get(7))).isEqualTo(ChecksState.PENDING);
    // github-api asks for an eleventh page only to learn whether there is one
    server.verify(11, getRequestedFor(urlPathEqualTo(runs)));
    server.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/gitops/statuses/" + HEAD_SHA)));
    assertThat(time.progress)
        .anySatisfy(p -> assertThat(p.message()).contains("more than 10 pages of check runs"));
  }

  @Test
  void waitsUntilMergedAndReturnsTheMergeCommit() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .inScenario("merge")
            .whenScenarioStateIs("Started")
            .willReturn(okJson(pr(7, "open", false, "")))
            .willSetStateTo("merged"));
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .inScenario("merge")
            .whenScenarioStateIs("merged")
            .willReturn(okJson(pr(7, "closed", true, ""))));

    MergeOutcome outcome =
        service.waitForMerge(
            7,
            new MergeWait(
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10), false));

    assertThat(outcome.state()).isEqualTo("merged");
    assertThat(outcome.mergeCommit()).isEqualTo(MERGE_SHA);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void closedWithoutMergeNamesWhoClosedIt() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/pulls/7").willReturn(okJson(pr(7, "closed", false, ""))));
    server.stubFor(
        get("/repos/acme/gitops/issues/7")
            .willReturn(
                okJson("{\"number\":7,\"state\":\"closed\",\"closed_by\":{\"login\":\"mona\"}}")));

    assertThatThrownBy(() -> service.waitForMerge(7, MergeWait.of(Duration.ofMinutes(1))))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("#7")
        .hasMessageContaining("closed without merging by mona");
  }

  @Test
  void unauthorizedNamesProviderRepositoryAndScopeButNotTheToken() {
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .willReturn(
                jsonResponse(
                    "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}",
                    401)));

    assertThatThrownBy(() -> provider.get(7))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("GitHub")
        .hasMessageContaining("acme/gitops")
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("'repo' scope")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void missingRepositorySaysSo() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops").willReturn(jsonResponse("{\"message\":\"Not Found\"}", 404)));
    GitHubProvider fresh = (GitHubProvider) ScmProviders.create(connection(), time.context());

    assertThatThrownBy(() -> fresh.findOpen("promote/app-staging", "main"))
        .isInstanceOf(ScmNotFoundException.class)
        .hasMessageContaining("repository acme/gitops does not exist or the token cannot see it");
  }

  @Test
  void missingHeadBranchIsReportedAsTheBranch() throws Exception {
    server.stubFor(get(urlPathEqualTo("/repos/acme/gitops/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        post("/repos/acme/gitops/pulls")
            .willReturn(
                jsonResponse(
                    "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"head\",\"code\":\"invalid\"}]}",
                    422)));
    server.stubFor(
        get("/repos/acme/gitops/branches/main")
            .willReturn(okJson("{\"name\":\"main\",\"commit\":{\"sha\":\"" + HEAD_SHA + "\"}}")));
    server.stubFor(
        get("/repos/acme/gitops/branches/promote/app-staging")
            .willReturn(jsonResponse("{\"message\":\"Branch not found\"}", 404)));

    assertThatThrownBy(() -> service.openOrUpdate(spec()))
        .isInstanceOf(ScmNotFoundException.class)
        .hasMessageContaining("branch 'promote/app-staging' does not exist")
        .hasMessageContaining("push it");
  }

  @Test
  void waitsOutThePrimaryRateLimitUntilItsReset() throws Exception {
    long reset = time.instant().getEpochSecond() + 30;
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .inScenario("limit")
            .whenScenarioStateIs("Started")
            .willReturn(
                jsonResponse("{\"message\":\"API rate limit exceeded\"}", 403)
                    .withHeader("X-RateLimit-Limit", "5000")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", Long.toString(reset)))
            .willSetStateTo("ok"));
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .inScenario("limit")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(pr(7, "open", false, ""))));

    PullRequest pr = provider.get(7);

    assertThat(pr.number()).isEqualTo(7);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(31));
    server.verify(2, getRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/7")));
  }

  @Test
  void aRateLimitBeyondTheTimeoutIsATimeout() throws Exception {
    GitHubProvider impatient =
        (GitHubProvider) ScmProviders.create(connection(), time.context(Duration.ofSeconds(10)));
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .willReturn(
                jsonResponse("{\"message\":\"You have exceeded a secondary rate limit\"}", 429)
                    .withHeader("Retry-After", "120")));

    assertThatThrownBy(() -> impatient.get(7))
        .isInstanceOf(OperationTimedOutException.class)
        .hasMessageContaining("rate limit")
        .hasMessageContaining("120s");
  }

  @Test
  void enablesNativeAutoMergeThroughGraphQl() throws Exception {
    server.stubFor(
        post("/graphql")
            .willReturn(
                okJson(
                    "{\"data\":{\"enablePullRequestAutoMerge\":{\"pullRequest\":{\"number\":7,\"autoMergeRequest\":{\"enabledAt\":\"2026-01-01T00:00:00Z\"}}}}}")));
    server.stubFor(get("/repos/acme/gitops/pulls/7").willReturn(okJson(pr(7, "open", false, ""))));

    boolean enabled = provider.enableAutoMerge(provider.get(7));

    assertThat(enabled).isTrue();
    server.verify(
        postRequestedFor(urlEqualTo("/graphql"))
            .withHeader("Authorization", equalTo("token " + TOKEN))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                matchingJsonPath(
                    "$.query",
                    containing(
                        "enablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId, mergeMethod: $mergeMethod})")))
            .withRequestBody(matchingJsonPath("$.variables.pullRequestId", equalTo("PR_node7")))
            .withRequestBody(matchingJsonPath("$.variables.mergeMethod", equalTo("MERGE"))));
  }

  @Test
  void withoutAutoMergeInTheRepositoryItMergesOnlyWhenCleanAndGreen() throws Exception {
    server.stubFor(
        post("/graphql")
            .willReturn(
                okJson(
                    "{\"data\":{\"enablePullRequestAutoMerge\":null},\"errors\":[{\"type\":\"UNPROCESSABLE\",\"message\":\"Pull request Auto merge is not allowed for this repository\"}]}")));
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .inScenario("m")
            .whenScenarioStateIs("Started")
            .willReturn(okJson(pr(7, "open", false, ""))));
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/statuses/" + HEAD_SHA))
            .willReturn(okJson("[{\"state\":\"success\",\"context\":\"ci\"}]")));
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/commits/" + HEAD_SHA + "/check-runs"))
            .willReturn(
                okJson(
                    "{\"total_count\":1,\"check_runs\":[{\"id\":1,\"status\":\"completed\",\"conclusion\":\"success\"}]}")));
    server.stubFor(
        put("/repos/acme/gitops/pulls/7/merge")
            .inScenario("m")
            .willReturn(okJson("{\"sha\":\"" + MERGE_SHA + "\",\"merged\":true}"))
            .willSetStateTo("merged"));
    server.stubFor(
        get("/repos/acme/gitops/pulls/7")
            .inScenario("m")
            .whenScenarioStateIs("merged")
            .willReturn(okJson(pr(7, "closed", true, ""))));

    boolean nativeMerge = service.enableAutoMerge(provider.get(7));
    MergeOutcome outcome =
        service.waitForMerge(
            7,
            new MergeWait(
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(1), true));

    assertThat(nativeMerge).isFalse();
    assertThat(outcome.mergeCommit()).isEqualTo(MERGE_SHA);
    server.verify(
        putRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/7/merge"))
            .withRequestBody(
                equalToJson("{\"sha\":\"" + HEAD_SHA + "\",\"merge_method\":\"merge\"}")));
  }

  @Test
  void setsACommitStatus() throws Exception {
    server.stubFor(
        post("/repos/acme/gitops/statuses/" + HEAD_SHA)
            .willReturn(
                okJson("{\"id\":1,\"state\":\"success\",\"context\":\"gitops/promote/staging\"}")));

    service.setCommitStatus(
        HEAD_SHA,
        new CommitStatus(
            CommitState.SUCCESS,
            "gitops/promote/staging",
            "Promoted",
            "https://ci.example.com/job/1"));

    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/statuses/" + HEAD_SHA))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"success\",\"target_url\":\"https://ci.example.com/job/1\",\"description\":\"Promoted\",\"context\":\"gitops/promote/staging\"}")));
  }

  @Test
  void commentsOnThePullRequest() throws Exception {
    server.stubFor(
        get("/repos/acme/gitops/issues/7").willReturn(okJson("{\"number\":7,\"state\":\"open\"}")));
    server.stubFor(
        post("/repos/acme/gitops/issues/7/comments")
            .willReturn(okJson("{\"id\":1,\"body\":\"synced\"}")));

    service.comment(7, "synced");

    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/issues/7/comments"))
            .withRequestBody(equalToJson("{\"body\":\"synced\"}")));
  }

  @Test
  void graphqlEndpointOfEnterpriseServerIsBesideTheRestApi() {
    assertThat(GitHubProvider.graphqlUrl("https://ghe.example.com/api/v3"))
        .isEqualTo("https://ghe.example.com/api/graphql");
    assertThat(GitHubProvider.graphqlUrl("https://api.github.com"))
        .isEqualTo("https://api.github.com/graphql");
  }

  @Test
  void requestsTeamReviewsForOrgSlashTeam() throws Exception {
    server.stubFor(get(urlPathEqualTo("/repos/acme/gitops/pulls")).willReturn(okJson("[]")));
    server.stubFor(post("/repos/acme/gitops/pulls").willReturn(okJson(pr(7, "open", false, ""))));
    server.stubFor(get("/orgs/acme").willReturn(okJson("{\"login\":\"acme\",\"id\":3}")));
    server.stubFor(
        get("/orgs/acme/teams/platform")
            .willReturn(
                okJson(
                    "{\"id\":9,\"slug\":\"platform\",\"name\":\"Platform\",\"organization\":{\"login\":\"acme\"}}")));
    server.stubFor(
        post("/repos/acme/gitops/pulls/7/requested_reviewers")
            .willReturn(okJson(pr(7, "open", false, ""))));

    service.openOrUpdate(
        new PullRequestSpec(
            "promote/app-staging",
            "main",
            "Promote app to staging",
            "b",
            List.of(),
            List.of("acme/platform"),
            false));

    server.verify(
        postRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/7/requested_reviewers"))
            .withRequestBody(equalToJson("{\"team_reviewers\":[\"platform\"]}")));
  }

  @Test
  void autoMergeFallsBackToSquashWhenMergeCommitsAreNotAllowed() throws Exception {
    server.stubFor(
        post("/graphql")
            .withRequestBody(matchingJsonPath("$.variables.mergeMethod", equalTo("MERGE")))
            .willReturn(
                okJson(
                    "{\"data\":{\"enablePullRequestAutoMerge\":null},\"errors\":[{\"type\":\"UNPROCESSABLE\",\"message\":\"Merge method merge commits are not allowed on this repository\"}]}")));
    server.stubFor(
        post("/graphql")
            .withRequestBody(matchingJsonPath("$.variables.mergeMethod", equalTo("SQUASH")))
            .willReturn(
                okJson(
                    "{\"data\":{\"enablePullRequestAutoMerge\":{\"pullRequest\":{\"number\":7}}}}")));
    server.stubFor(get("/repos/acme/gitops/pulls/7").willReturn(okJson(pr(7, "open", false, ""))));

    assertThat(provider.enableAutoMerge(provider.get(7))).isTrue();
    server.verify(2, postRequestedFor(urlEqualTo("/graphql")));
  }

  @Test
  void aForbiddenAutoMergeNamesTheScope() throws Exception {
    server.stubFor(
        post("/graphql")
            .willReturn(
                okJson(
                    "{\"errors\":[{\"type\":\"FORBIDDEN\",\"message\":\"Resource not accessible by integration\"}]}")));
    server.stubFor(get("/repos/acme/gitops/pulls/7").willReturn(okJson(pr(7, "open", false, ""))));
    PullRequest pr = provider.get(7);

    assertThatThrownBy(() -> provider.enableAutoMerge(pr))
        .hasMessageContaining("HTTP 403")
        .hasMessageContaining("Resource not accessible by integration")
        .hasMessageContaining("Pull requests: read and write");
  }

  @Test
  void aPullRequestOpenedConcurrentlyIsUpdatedInsteadOfFailing() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/pulls"))
            .inScenario("race")
            .whenScenarioStateIs("Started")
            .willReturn(okJson("[]"))
            .willSetStateTo("raced"));
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/pulls"))
            .inScenario("race")
            .whenScenarioStateIs("raced")
            .willReturn(okJson("[" + pr(8, "open", false, "") + "]")));
    server.stubFor(
        post("/repos/acme/gitops/pulls")
            .willReturn(
                jsonResponse(
                    "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"code\":\"custom\",\"message\":\"A pull request already exists for acme:promote/app-staging.\"}]}",
                    422)));
    server.stubFor(
        patch(urlEqualTo("/repos/acme/gitops/pulls/8"))
            .willReturn(okJson(pr(8, "open", false, ""))));

    PullRequest pr =
        service.openOrUpdate(
            new PullRequestSpec(
                "promote/app-staging",
                "main",
                "Promote app to staging",
                "fresh",
                List.of(),
                List.of(),
                false));

    assertThat(pr.number()).isEqualTo(8);
    server.verify(
        patchRequestedFor(urlEqualTo("/repos/acme/gitops/pulls/8"))
            .withRequestBody(equalToJson("{\"body\":\"fresh\"}")));
  }

  @Test
  void readsTheCommitStatusesFluxWroteAsSyncEvents() throws Exception {
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/statuses/" + HEAD_SHA))
            .willReturn(
                okJson(
                    "[{\"state\":\"failure\",\"description\":\"health check failed\","
                        + "\"context\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"updated_at\":\"2026-01-01T00:01:00Z\",\"id\":2},"
                        + "{\"state\":\"success\",\"description\":\"reconciliation succeeded\","
                        + "\"context\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"updated_at\":\"2026-01-01T00:00:00Z\",\"id\":1}]")));

    List<ReportedCommitStatus> statuses = provider.commitStatuses(HEAD_SHA);
    List<SyncEvent> events =
        new CommitStatusPoller(new ScmCommitStatusSource(provider))
            .poll(Target.of("Kustomization", Target.ANY, "podinfo"), HEAD_SHA);

    assertThat(statuses)
        .containsExactly(
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "failure",
                "health check failed",
                null,
                Instant.parse("2026-01-01T00:01:00Z")),
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "success",
                "reconciliation succeeded",
                null,
                Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(events).extracting(SyncEvent::phase).containsExactly(Phase.FAILED, Phase.SUCCEEDED);
    assertThat(events.get(0).reason()).isEqualTo("HealthCheckFailed");
    server.verify(
        getRequestedFor(urlPathEqualTo("/repos/acme/gitops/statuses/" + HEAD_SHA))
            .withHeader("Authorization", equalTo("token " + TOKEN)));
  }

  @Test
  void followsTheLinkHeaderThroughEveryPageOfStatuses() throws Exception {
    String statuses = "/repos/acme/gitops/statuses/" + HEAD_SHA;
    server.stubFor(
        get(urlEqualTo(statuses + "?per_page=100"))
            .willReturn(
                okJson(
                        "[{\"state\":\"pending\",\"description\":\"\",\"context\":\"ci/build\","
                            + "\"updated_at\":\"2026-01-01T00:02:00Z\",\"id\":3}]")
                    .withHeader(
                        "Link",
                        "<"
                            + wiremock.url()
                            + statuses
                            + "?per_page=100&page=2>; rel=\"next\", <"
                            + wiremock.url()
                            + statuses
                            + "?per_page=100&page=2>; rel=\"last\"")));
    server.stubFor(
        get(urlEqualTo(statuses + "?per_page=100&page=2"))
            .willReturn(
                okJson(
                    "[{\"state\":\"error\",\"description\":\"reconciliation failed\","
                        + "\"context\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"updated_at\":\"2026-01-01T00:01:00Z\",\"id\":2}]")));

    assertThat(provider.commitStatuses(HEAD_SHA))
        .extracting(ReportedCommitStatus::context, ReportedCommitStatus::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ci/build", "pending"),
            org.assertj.core.groups.Tuple.tuple("kustomization/podinfo/0c9c2e41", "error"));
    for (String query : List.of("?per_page=100", "?per_page=100&page=2")) {
      server.verify(
          1,
          getRequestedFor(urlEqualTo(statuses + query))
              .withHeader("Authorization", equalTo("token " + TOKEN)));
    }
    server.verify(2, getRequestedFor(urlPathEqualTo(statuses)));
  }

  @Test
  void stopsAfterTenPagesOfStatuses() throws Exception {
    String statuses = "/repos/acme/gitops/statuses/" + HEAD_SHA;
    server.stubFor(
        get(urlPathEqualTo(statuses))
            .willReturn(
                okJson(
                        "[{\"state\":\"success\",\"description\":\"\",\"context\":\"ci/a\","
                            + "\"updated_at\":\"2026-01-01T00:00:00Z\",\"id\":1}]")
                    .withHeader(
                        "Link",
                        "<" + wiremock.url() + statuses + "?per_page=100&page=2>; rel=\"next\"")));

    assertThat(provider.commitStatuses(HEAD_SHA)).hasSize(ReportedCommitStatus.MAX_PAGES);
    // the eleventh page is only fetched to learn that there is more
    assertThat(
            server
                .countRequestsMatching(getRequestedFor(urlPathEqualTo(statuses)).build())
                .getCount())
        .isEqualTo(ReportedCommitStatus.MAX_PAGES + 1);
    assertThat(time.progress)
        .anySatisfy(p -> assertThat(p.message()).contains("more than 10 pages of commit statuses"));
  }
}
