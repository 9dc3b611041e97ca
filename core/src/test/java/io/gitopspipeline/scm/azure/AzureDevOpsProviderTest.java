package io.gitopspipeline.scm.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
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
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.WireMockExtension;
import io.gitopspipeline.sync.CommitStatusPoller;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureDevOpsProviderTest {
  private static final String PAT = "azurepatsecret";
  private static final String BASIC =
      "Basic " + Base64.getEncoder().encodeToString((":" + PAT).getBytes(StandardCharsets.UTF_8));
  private static final String REPO = "/contoso/Fabrikam%20Web/_apis/git/repositories/gitops";
  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final String MERGE_SHA = "2222222222222222222222222222222222222222";
  private static final String USER_ID = "d6245f20-2af8-44f4-9451-8107cb2767db";

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
            wiremock.connection(ProviderType.AZURE, "", "contoso/Fabrikam Web/gitops", PAT),
            time.context());
    service = new PullRequestService(provider, time.context());
  }

  static String pr(int id, String status, String extra) {
    return "{\"pullRequestId\":"
        + id
        + ",\"status\":\""
        + status
        + "\",\"title\":\"Promote app\",\"sourceRefName\":\"refs/heads/promote/app\",\"targetRefName\":\"refs/heads/main\","
        + "\"mergeStatus\":\"succeeded\",\"isDraft\":false,\"createdBy\":{\"id\":\""
        + USER_ID
        + "\"},\"lastMergeSourceCommit\":{\"commitId\":\""
        + SHA
        + "\"},\"repository\":{\"webUrl\":\"https://dev.azure.com/contoso/Fabrikam%20Web/_git/gitops\"},"
        + "\"labels\":[],\"reviewers\":[]"
        + extra
        + "}";
  }

  @Test
  void createsAPullRequestWithTheDocumentedBody() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests"))
            .willReturn(okJson("{\"value\":[],\"count\":0}")));
    server.stubFor(
        post(urlPathEqualTo(REPO + "/pullrequests"))
            .willReturn(jsonResponse(pr(12, "active", ""), 201)));

    PullRequest created =
        service.openOrUpdate(
            new PullRequestSpec(
                "promote/app",
                "main",
                "Promote app",
                "body",
                List.of("gitops"),
                List.of(USER_ID),
                true));

    assertThat(created.number()).isEqualTo(12);
    assertThat(created.url())
        .isEqualTo("https://dev.azure.com/contoso/Fabrikam%20Web/_git/gitops/pullrequest/12");
    server.verify(
        getRequestedFor(urlPathEqualTo(REPO + "/pullrequests"))
            .withHeader("Authorization", equalTo(BASIC))
            .withQueryParam("searchCriteria.sourceRefName", equalTo("refs/heads/promote/app"))
            .withQueryParam("searchCriteria.targetRefName", equalTo("refs/heads/main"))
            .withQueryParam("searchCriteria.status", equalTo("active"))
            .withQueryParam("$top", equalTo("100"))
            .withQueryParam("$skip", equalTo("0"))
            .withQueryParam("api-version", equalTo("7.1")));
    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pullrequests?api-version=7.1"))
            .withHeader("Authorization", equalTo(BASIC))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"sourceRefName\":\"refs/heads/promote/app\",\"targetRefName\":\"refs/heads/main\",\"title\":\"Promote app\","
                        + "\"description\":\"body\",\"isDraft\":true,\"labels\":[{\"name\":\"gitops\"}],"
                        + "\"reviewers\":[{\"id\":\""
                        + USER_ID
                        + "\"}]}")));
  }

  @Test
  void updatesTheActivePullRequestAndAddsMissingLabels() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests"))
            .willReturn(okJson("{\"value\":[" + pr(12, "active", "") + "],\"count\":1}")));
    server.stubFor(
        patch(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .willReturn(okJson(pr(12, "active", ""))));
    server.stubFor(
        post(urlEqualTo(REPO + "/pullRequests/12/labels?api-version=7.1-preview.1"))
            .willReturn(okJson("{\"name\":\"gitops\",\"active\":true}")));

    service.openOrUpdate(
        new PullRequestSpec(
            "promote/app",
            "main",
            "Promote app v2",
            "body 2",
            List.of("gitops"),
            List.of(),
            false));

    server.verify(0, postRequestedFor(urlPathEqualTo(REPO + "/pullrequests")));
    server.verify(
        patchRequestedFor(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .withRequestBody(
                equalToJson("{\"title\":\"Promote app v2\",\"description\":\"body 2\"}")));
    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pullRequests/12/labels?api-version=7.1-preview.1"))
            .withRequestBody(equalToJson("{\"name\":\"gitops\"}")));
  }

  @Test
  void pagesThroughActivePullRequests() throws Exception {
    StringBuilder full = new StringBuilder("{\"value\":[");
    for (int i = 0; i < 100; i++) {
      full.append(i == 0 ? "" : ",")
          .append(pr(1000 + i, "active", "").replace("promote/app", "other/" + i));
    }
    full.append("]}");
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests"))
            .withQueryParam("$skip", equalTo("0"))
            .willReturn(okJson(full.toString())));
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests"))
            .withQueryParam("$skip", equalTo("100"))
            .willReturn(okJson("{\"value\":[" + pr(12, "active", "") + "]}")));

    assertThat(provider.findOpen("promote/app", "main").orElseThrow().number()).isEqualTo(12);
  }

  private static final PullRequestSpec SPEC =
      new PullRequestSpec("promote/app", "main", "Promote", "b", List.of(), List.of(), false);

  @Test
  void refusesToOpenAPullRequestWhenEveryPageOfTheSearchIsFull() {
    StringBuilder full = new StringBuilder("{\"value\":[");
    for (int i = 0; i < 100; i++) {
      full.append(i == 0 ? "" : ",")
          .append(pr(1000 + i, "active", "").replace("promote/app", "other/" + i));
    }
    full.append("]}");
    // a server that answers every skip with a full page: there is always "more"
    server.stubFor(get(urlPathEqualTo(REPO + "/pullrequests")).willReturn(okJson(full.toString())));

    assertThatThrownBy(() -> service.openOrUpdate(SPEC))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "Azure DevOps has more than 10 pages of open pull requests from promote/app into"
                + " main in contoso/Fabrikam Web/gitops; read 10 pages without a match and stopped"
                + " rather than risk opening a duplicate pull request");
    for (int skip = 0; skip < 1000; skip += 100) {
      server.verify(
          1,
          getRequestedFor(
                  urlEqualTo(
                      REPO
                          + "/pullrequests?searchCriteria.sourceRefName=refs%2Fheads%2Fpromote%2Fapp"
                          + "&searchCriteria.targetRefName=refs%2Fheads%2Fmain"
                          + "&searchCriteria.status=active&$top=100&$skip="
                          + skip
                          + "&api-version=7.1"))
              .withHeader("Authorization", equalTo(BASIC)));
    }
    assertThat(server.getAllServeEvents()).hasSize(10);
    server.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void checksOfAPullRequestWithEndlessStatusesAreNeverGreen() throws Exception {
    StringBuilder full = new StringBuilder("{\"value\":[");
    for (int i = 0; i < 100; i++) {
      full.append(i == 0 ? "" : ",")
          .append("{\"state\":\"succeeded\",\"context\":{\"name\":\"ci" + i + "\"}}");
    }
    full.append("]}");
    server.stubFor(
        get(urlPathEqualTo(REPO + "/commits/" + SHA + "/statuses"))
            .willReturn(okJson(full.toString())));

    PullRequest pr =
        new PullRequest(
            12,
            null,
            PullRequestState.OPEN,
            "promote/app",
            "main",
            SHA,
            null,
            null,
            "t",
            List.of(),
            true,
            null);
    assertThat(provider.checks(pr)).isEqualTo(ChecksState.PENDING);
    for (int skip = 0; skip < 1000; skip += 100) {
      server.verify(
          1,
          getRequestedFor(
              urlEqualTo(
                  REPO
                      + "/commits/"
                      + SHA
                      + "/statuses?top=100&skip="
                      + skip
                      + "&latestOnly=true&api-version=7.1")));
    }
    assertThat(server.getAllServeEvents()).hasSize(10);
  }

  @Test
  void autoCompleteIsSetByTheTokensOwnIdentityAndKeepsPolicies() throws Exception {
    server.stubFor(
        get(urlEqualTo("/contoso/_apis/connectionData"))
            .willReturn(okJson("{\"authenticatedUser\":{\"id\":\"" + USER_ID + "\"}}")));
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .willReturn(okJson(pr(12, "active", ""))));
    server.stubFor(
        patch(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .willReturn(okJson(pr(12, "active", ""))));

    assertThat(service.enableAutoMerge(provider.get(12))).isTrue();

    server.verify(
        patchRequestedFor(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .withRequestBody(
                equalToJson(
                    "{\"autoCompleteSetBy\":{\"id\":\""
                        + USER_ID
                        + "\"},\"completionOptions\":{\"mergeStrategy\":\"noFastForward\","
                        + "\"deleteSourceBranch\":true,\"bypassPolicy\":false}}")));
  }

  @Test
  void waitReturnsTheMergeCommitOfTheCompletedPullRequest() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .inScenario("w")
            .whenScenarioStateIs("Started")
            .willReturn(okJson(pr(12, "active", "")))
            .willSetStateTo("done"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .inScenario("w")
            .whenScenarioStateIs("done")
            .willReturn(
                okJson(
                    pr(
                        12,
                        "completed",
                        ",\"lastMergeCommit\":{\"commitId\":\""
                            + MERGE_SHA
                            + "\"},\"closedBy\":{\"uniqueName\":\"ops@contoso.com\"}"))));

    MergeOutcome outcome =
        service.waitForMerge(
            12,
            new MergeWait(
                Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofMinutes(5), false));

    assertThat(outcome.mergeCommit()).isEqualTo(MERGE_SHA);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void anAbandonedPullRequestNamesWhoAbandonedIt() {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .willReturn(
                okJson(
                    pr(
                        12,
                        "abandoned",
                        ",\"closedBy\":{\"displayName\":\"Jamal\",\"uniqueName\":\"jamal@contoso.com\"}"))));

    assertThatThrownBy(() -> service.waitForMerge(12, MergeWait.of(Duration.ofMinutes(1))))
        .hasMessageContaining("closed without merging by jamal@contoso.com");
  }

  @Test
  void aRejectedPatIsAnAuthFailureNamingTheScopes() {
    // Azure DevOps answers a bad PAT with 203 and an HTML sign-in page
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .willReturn(
                aResponse()
                    .withStatus(203)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html>Sign In</html>")));

    assertThatThrownBy(() -> provider.get(12))
        .hasMessageContaining(
            "Azure DevOps rejected the credentials (HTTP 401) for repository contoso/Fabrikam Web/gitops")
        .hasMessageContaining("Code (Read & write)")
        .hasMessageNotContaining(PAT);
  }

  @Test
  void setsAStatusWithGenreAndName() throws Exception {
    server.stubFor(
        post(urlEqualTo(REPO + "/commits/" + SHA + "/statuses?api-version=7.1"))
            .willReturn(jsonResponse("{\"id\":1}", 201)));

    service.setCommitStatus(
        SHA,
        new CommitStatus(
            CommitState.FAILURE, "gitops/promote/staging", "Sync failed", "https://ci/2"));

    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/commits/" + SHA + "/statuses?api-version=7.1"))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"failed\",\"description\":\"Sync failed\",\"targetUrl\":\"https://ci/2\","
                        + "\"context\":{\"name\":\"staging\",\"genre\":\"gitops/promote\"}}")));
  }

  @Test
  void commentsInANewThread() throws Exception {
    server.stubFor(
        post(urlEqualTo(REPO + "/pullRequests/12/threads?api-version=7.1"))
            .willReturn(okJson("{\"id\":1}")));

    service.comment(12, "synced");

    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/pullRequests/12/threads?api-version=7.1"))
            .withRequestBody(
                equalToJson(
                    "{\"comments\":[{\"parentCommentId\":0,\"content\":\"synced\",\"commentType\":1}],\"status\":1}")));
  }

  @Test
  void waitsOutA429WithRetryAfter() throws Exception {
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .inScenario("rl")
            .whenScenarioStateIs("Started")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "4"))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlEqualTo(REPO + "/pullrequests/12?api-version=7.1"))
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(pr(12, "active", ""))));

    assertThat(provider.get(12).number()).isEqualTo(12);
    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(4));
  }

  @Test
  void theDescriptionIsCutToAzuresLimit() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests")).willReturn(okJson("{\"value\":[]}")));
    server.stubFor(
        post(urlPathEqualTo(REPO + "/pullrequests"))
            .willReturn(jsonResponse(pr(12, "active", ""), 201)));

    service.openOrUpdate(
        new PullRequestSpec(
            "promote/app", "main", "t", "x".repeat(10_000), List.of(), List.of(), false));

    String sent =
        server.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
            .findFirst()
            .orElseThrow()
            .getRequest()
            .getBodyAsString();
    assertThat(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(sent)
                .get("description")
                .asText())
        .hasSize(4000)
        .startsWith("xxx")
        .endsWith("size limit)_");
  }

  @Test
  void aMissingSourceBranchIsNamed() {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests")).willReturn(okJson("{\"value\":[]}")));
    server.stubFor(
        post(urlPathEqualTo(REPO + "/pullrequests"))
            .willReturn(
                jsonResponse(
                    "{\"message\":\"TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists, or the requested refs are not branches\",\"typeKey\":\"GitPullRequestNotActivatableException\"}",
                    400)));
    server.stubFor(
        get(urlEqualTo(REPO + "/refs?filter=heads%2Fmain&api-version=7.1"))
            .willReturn(
                okJson(
                    "{\"value\":[{\"name\":\"refs/heads/main\",\"objectId\":\""
                        + SHA
                        + "\"}],\"count\":1}")));
    server.stubFor(
        get(urlEqualTo(REPO + "/refs?filter=heads%2Fpromote%2Fapp&api-version=7.1"))
            .willReturn(
                okJson(
                    "{\"value\":[{\"name\":\"refs/heads/promote/app-old\",\"objectId\":\""
                        + SHA
                        + "\"}],\"count\":1}")));

    assertThatThrownBy(
            () ->
                service.openOrUpdate(
                    new PullRequestSpec(
                        "promote/app", "main", "t", "b", List.of(), List.of(), false)))
        .hasMessageContaining(
            "branch 'promote/app' does not exist in Azure DevOps repository contoso/Fabrikam Web/gitops; push it");
  }

  @Test
  void reviewersGivenByEmailAreLookedUpAsIdentities() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pullrequests")).willReturn(okJson("{\"value\":[]}")));
    server.stubFor(
        get(urlPathEqualTo("/contoso/_apis/identities"))
            .willReturn(
                okJson(
                    "{\"count\":1,\"value\":[{\"id\":\""
                        + USER_ID
                        + "\",\"providerDisplayName\":\"Ana\"}]}")));
    server.stubFor(
        post(urlPathEqualTo(REPO + "/pullrequests"))
            .willReturn(jsonResponse(pr(12, "active", ""), 201)));

    service.openOrUpdate(
        new PullRequestSpec(
            "promote/app", "main", "t", "b", List.of(), List.of("ana@contoso.com"), false));

    server.verify(
        getRequestedFor(urlPathEqualTo("/contoso/_apis/identities"))
            .withQueryParam("searchFilter", equalTo("General"))
            .withQueryParam("filterValue", equalTo("ana@contoso.com"))
            .withQueryParam("api-version", equalTo("7.1")));
    server.verify(
        postRequestedFor(urlPathEqualTo(REPO + "/pullrequests"))
            .withRequestBody(matchingJsonPath("$.reviewers[0].id", equalTo(USER_ID))));
  }

  @Test
  void readsFluxStatusesByTheirContextName() throws Exception {
    server.stubFor(
        get(urlEqualTo(
                REPO
                    + "/commits/"
                    + SHA
                    + "/statuses?top=100&skip=0&latestOnly=true&api-version=7.1"))
            .willReturn(
                okJson(
                    "{\"count\":1,\"value\":[{\"id\":1,\"state\":\"succeeded\","
                        + "\"description\":\"reconciliation succeeded\","
                        + "\"context\":{\"name\":\"kustomization/podinfo/0c9c2e41\",\"genre\":\"fluxcd\"},"
                        + "\"creationDate\":\"2026-01-01T00:00:00.123Z\","
                        + "\"updatedDate\":\"2026-01-01T00:00:00.123Z\"}]}")));

    List<SyncEvent> events =
        new CommitStatusPoller(new ScmCommitStatusSource(provider))
            .poll(Target.of("Kustomization", Target.ANY, "podinfo"), SHA);

    assertThat(provider.commitStatuses(SHA))
        .containsExactly(
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "succeeded",
                "reconciliation succeeded",
                null,
                Instant.parse("2026-01-01T00:00:00.123Z")));
    assertThat(events).extracting(SyncEvent::phase).containsExactly(Phase.SUCCEEDED);
    server.verify(
        getRequestedFor(
                urlEqualTo(
                    REPO
                        + "/commits/"
                        + SHA
                        + "/statuses?top=100&skip=0&latestOnly=true&api-version=7.1"))
            .withHeader("Authorization", equalTo(BASIC)));
  }

  private static String azureStatus(int id, String state, String name, String updated) {
    return "{\"id\":"
        + id
        + ",\"state\":\""
        + state
        + "\",\"description\":\"\",\"context\":{\"name\":\""
        + name
        + "\",\"genre\":\"fluxcd\"},\"creationDate\":\"2026-01-01T00:00:00Z\","
        + "\"updatedDate\":\""
        + updated
        + "\"}";
  }

  @Test
  void pagesThroughStatusesWithTopAndSkipUntilAShortPage() throws Exception {
    String statuses = REPO + "/commits/" + SHA + "/statuses";
    List<String> firstPage = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      firstPage.add(azureStatus(i, "pending", "ci/step-" + i, "2026-01-01T00:00:00Z"));
    }
    server.stubFor(
        get(urlEqualTo(statuses + "?top=100&skip=0&latestOnly=true&api-version=7.1"))
            .willReturn(okJson("{\"count\":100,\"value\":[" + String.join(",", firstPage) + "]}")));
    server.stubFor(
        get(urlEqualTo(statuses + "?top=100&skip=100&latestOnly=true&api-version=7.1"))
            .willReturn(
                okJson(
                    "{\"count\":1,\"value\":["
                        + azureStatus(
                            100, "failed", "kustomization/podinfo/0c9c2e41", "2026-01-01T00:05:00Z")
                        + "]}")));

    List<ReportedCommitStatus> read = provider.commitStatuses(SHA);

    assertThat(read).hasSize(101);
    assertThat(read.get(0))
        .isEqualTo(
            new ReportedCommitStatus(
                "kustomization/podinfo/0c9c2e41",
                "failed",
                "",
                null,
                Instant.parse("2026-01-01T00:05:00Z")));
    for (String skip : List.of("0", "100")) {
      server.verify(
          1,
          getRequestedFor(
                  urlEqualTo(
                      statuses + "?top=100&skip=" + skip + "&latestOnly=true&api-version=7.1"))
              .withHeader("Authorization", equalTo(BASIC))
              .withHeader("Accept", equalTo("application/json")));
    }
    assertThat(server.getAllServeEvents()).hasSize(2);
  }
}
