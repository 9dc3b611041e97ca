package io.gitopspipeline.cli.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.scm.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PrCommandsTest {
  private static final String REPO = "/api/v1/repos/acme/gitops";
  private static final String SHA = "1111111111111111111111111111111111111111";
  private static final String MERGE = "2222222222222222222222222222222222222222";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();
  private WireMockServer server;
  private Path tokenFile;

  record Run(int exitCode, String stdout, String stderr) {}

  @BeforeEach
  void setUp() throws Exception {
    server = wiremock.server();
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "s3cr3t-token\n");
  }

  private Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            all.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String[] gitea(String... rest) {
    List<String> args = new ArrayList<>(List.of(rest));
    args.addAll(
        List.of(
            "--provider",
            "gitea",
            "--server-url",
            wiremock.url(),
            "--repo",
            "acme/gitops",
            "--token-file",
            tokenFile.toString()));
    return args.toArray(String[]::new);
  }

  private static String pr(String state, boolean merged) {
    return "{\"number\":3,\"state\":\""
        + state
        + "\",\"title\":\"Promote\",\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/3\","
        + "\"head\":{\"ref\":\"promote/app\",\"sha\":\""
        + SHA
        + "\"},\"base\":{\"ref\":\"main\"},\"labels\":[],\"merged\":"
        + merged
        + (merged ? ",\"merge_commit_sha\":\"" + MERGE + "\"" : "")
        + "}";
  }

  @Test
  void waitPrintsStateAndMergeCommitAsJson() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("closed", true))));

    Run run = run(gitea("--output", "json", "pr", "wait", "--number", "3", "--timeout", "1m"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("state").asText()).isEqualTo("merged");
    assertThat(result.get("mergeCommit").asText()).isEqualTo(MERGE);
    server.verify(
        getRequestedFor(urlEqualTo(REPO + "/pulls/3"))
            .withHeader("Authorization", equalTo("token s3cr3t-token")));
  }

  @Test
  void waitExitsOneWhenClosedWithoutMerging() {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("closed", false))));

    Run run = run(gitea("pr", "wait", "--number", "3"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr()).contains("closed without merging");
  }

  @Test
  void waitExitsThreeOnTimeout() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("open", false))));

    Run run =
        run(
            gitea(
                "--output",
                "json",
                "pr",
                "wait",
                "--number",
                "3",
                "--timeout",
                "1s",
                "--interval",
                "500ms"));

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.stderr()).contains("still open");
    assertThat(json.readTree(run.stdout()).get("state").asText()).isEqualTo("open");
  }

  @Test
  void waitAsJsonReportsAClosedPullRequestOnStdout() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("closed", false))));

    Run run = run(gitea("--output", "json", "pr", "wait", "--number", "3"));

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("state").asText()).isEqualTo("closed");
    assertThat(result.get("mergeCommit").isNull()).isTrue();
  }

  @Test
  void openCreatesOrUpdatesAndPrintsNumberUrlState() throws Exception {
    server.stubFor(
        get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[" + pr("open", false) + "]")));
    server.stubFor(patch(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("open", false))));

    Run run =
        run(
            gitea(
                "--output",
                "json",
                "pr",
                "open",
                "--head",
                "promote/app",
                "--base",
                "main",
                "--title",
                "Promote"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("number").asLong()).isEqualTo(3);
    assertThat(result.get("url").asText())
        .isEqualTo("https://gitea.example.com/acme/gitops/pulls/3");
    assertThat(result.get("state").asText()).isEqualTo("open");
    server.verify(
        patchRequestedFor(urlEqualTo(REPO + "/pulls/3"))
            .withRequestBody(equalToJson("{\"title\":\"Promote\",\"body\":\"\"}")));
  }

  @Test
  void statusShowsThePullRequest() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("open", false))));

    Run run = run(gitea("--output", "json", "pr", "status", "--number", "3"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("state").asText()).isEqualTo("open");
    assertThat(result.get("head").asText()).isEqualTo("promote/app");
    assertThat(result.get("headCommit").asText()).isEqualTo(SHA);
  }

  @Test
  void commitStatusSetPostsTheStatus() throws Exception {
    server.stubFor(
        post(urlEqualTo(REPO + "/statuses/" + SHA)).willReturn(jsonResponse("{\"id\":1}", 201)));

    Run run =
        run(
            gitea(
                "--output",
                "json",
                "commit-status",
                "set",
                "--commit",
                SHA,
                "--state",
                "success",
                "--context",
                "gitops/promote",
                "--description",
                "done"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(json.readTree(run.stdout()).get("state").asText()).isEqualTo("success");
    server.verify(
        postRequestedFor(urlEqualTo(REPO + "/statuses/" + SHA))
            .withRequestBody(
                equalToJson(
                    "{\"state\":\"success\",\"context\":\"gitops/promote\",\"description\":\"done\"}")));
  }

  @Test
  void anUnknownProviderIsAUsageErrorListingTheKnownOnes() {
    Run run =
        run(
            "pr",
            "status",
            "--provider",
            "sourceforge",
            "--repo",
            "a/b",
            "--number",
            "1",
            "--token-file",
            tokenFile.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("github|gitlab|azure|bitbucket|bitbucket-cloud|gitea");
  }

  @Test
  void theRepositoryIsDerivedFromTheRemoteUrl() throws Exception {
    server.stubFor(get(urlEqualTo(REPO + "/pulls/3")).willReturn(okJson(pr("open", false))));

    Run run =
        run(
            "pr",
            "status",
            "--provider",
            "gitea",
            "--server-url",
            wiremock.url(),
            "--remote-url",
            "git@gitea.example.com:acme/gitops.git",
            "--number",
            "3",
            "--token-file",
            tokenFile.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
  }

  @Test
  void helpNamesTheTokenEnvironmentVariable() {
    Run run = run("help", "pr", "wait");

    assertThat(run.stdout())
        .contains("GITOPS_SCM_TOKEN")
        .contains("--token-file")
        .doesNotContain("--token ");
  }

  @Test
  void authFailureNamesProviderRepositoryAndScopesNotTheToken() {
    server.stubFor(
        get(urlEqualTo(REPO + "/pulls/3"))
            .willReturn(jsonResponse("{\"message\":\"token is required\"}", 401)));

    Run run = run(gitea("pr", "status", "--number", "3"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("Gitea/Forgejo rejected the credentials")
        .contains("acme/gitops")
        .contains("write:repository")
        .doesNotContain("s3cr3t");
  }
}
