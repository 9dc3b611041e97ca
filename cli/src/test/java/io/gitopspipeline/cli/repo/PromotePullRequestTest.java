package io.gitopspipeline.cli.repo;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.scm.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops promote --pr}: a real bare GitOps repository for the push, WireMock for the
 * provider's API.
 */
class PromotePullRequestTest {
  private static final String TOKEN = "ghp_secret";
  private static final String IMAGE_1 = "registry.example.com/web:1.0.0@sha256:" + "a".repeat(64);
  private static final String IMAGE_2 = "registry.example.com/web:1.1.0@sha256:" + "b".repeat(64);

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run gitops(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path rendered(String name, String image) throws Exception {
    Path dir = tmp.resolve(name);
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("deployment.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
            + "    spec:\n      containers:\n        - name: web\n          image: "
            + image
            + "\n");
    return dir;
  }

  private List<String> promote(Path repo, Path from, String image, String... more)
      throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--output",
                "json",
                "promote",
                "--repo",
                repo.toString(),
                "--branch",
                "main",
                "--app",
                "web",
                "--env",
                "dev",
                "--from",
                from.toString(),
                "--image",
                image,
                "--source-commit",
                "0123456789abcdef0123456789abcdef01234567",
                "--server-url",
                wiremock.url(),
                "--pr-repository",
                "acme/gitops",
                "--pr-token-file",
                token.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static String githubPr(int number) {
    return "{\"number\":"
        + number
        + ",\"node_id\":\"PR_"
        + number
        + "\",\"state\":\"open\",\"title\":\"t\",\"body\":\"b\","
        + "\"html_url\":\"https://github.com/acme/gitops/pull/"
        + number
        + "\",\"head\":{\"ref\":\"gitops/dev/web\",\"sha\":\""
        + "1".repeat(40)
        + "\"},\"base\":{\"ref\":\"main\",\"sha\":\""
        + "2".repeat(40)
        + "\"},\"labels\":[{\"name\":\"gitops\"}],\"requested_reviewers\":[],"
        + "\"requested_teams\":[],\"merged\":false}";
  }

  private static String branchTip(Path repo, String branch) throws Exception {
    try (Repository git = Git.open(repo.toFile()).getRepository()) {
      return git.exactRef("refs/heads/" + branch).getObjectId().name();
    }
  }

  @Test
  void opensAGitHubPullRequestThenUpdatesTheSameOneForANewImage() throws Exception {
    WireMockServer server = wiremock.server();
    String api = "/repos/acme/gitops";
    server.stubFor(
        get(api)
            .willReturn(
                okJson(
                    "{\"id\":1,\"name\":\"gitops\",\"full_name\":\"acme/gitops\","
                        + "\"owner\":{\"login\":\"acme\"}}")));
    // No pull request until promote opens one; from then on the open one is found.
    server.stubFor(
        get(urlPathEqualTo(api + "/pulls"))
            .inScenario("pr")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("[]")));
    server.stubFor(
        post(api + "/pulls")
            .inScenario("pr")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("open")
            .willReturn(jsonResponse(githubPr(7), 201)));
    server.stubFor(
        get(urlPathEqualTo(api + "/pulls"))
            .inScenario("pr")
            .whenScenarioStateIs("open")
            .willReturn(okJson("[" + githubPr(7) + "]")));
    server.stubFor(get(api + "/pulls/7").willReturn(okJson(githubPr(7))));
    server.stubFor(patch(api + "/pulls/7").willReturn(okJson(githubPr(7))));
    server.stubFor(post(api + "/issues/7/labels").willReturn(okJson("[{\"name\":\"gitops\"}]")));
    Path repo = tmp.resolve("gitops.git");

    Run first =
        gitops(
            promote(repo, rendered("r1", IMAGE_1), IMAGE_1, "--pr", "github", "--label", "gitops"));

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    JsonNode result = json.readTree(first.stdout());
    assertThat(result.get("changed").asBoolean()).isTrue();
    assertThat(result.get("branch").asText()).isEqualTo("gitops/dev/web");
    assertThat(result.get("commit").asText()).isEqualTo(branchTip(repo, "gitops/dev/web"));
    assertThat(result.get("files").get("added").get(0).asText())
        .isEqualTo("apps/web/dev/deployment.yaml");
    assertThat(json.writeValueAsString(result.get("pr")))
        .isEqualTo(
            "{\"number\":7,\"url\":\"https://github.com/acme/gitops/pull/7\",\"state\":\"open\"}");
    server.verify(
        getRequestedFor(urlPathEqualTo(api + "/pulls"))
            .withQueryParam("state", equalTo("open"))
            .withQueryParam("head", equalTo("acme:gitops/dev/web"))
            .withQueryParam("base", equalTo("main"))
            .withHeader("Authorization", equalTo("token " + TOKEN)));
    server.verify(
        1,
        postRequestedFor(urlEqualTo(api + "/pulls"))
            .withHeader("Authorization", equalTo("token " + TOKEN))
            .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/dev/web")))
            .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
            .withRequestBody(matchingJsonPath("$.title", equalTo("Promote web to dev: web:1.0.0")))
            .withRequestBody(matchingJsonPath("$.draft", equalTo("false")))
            .withRequestBody(matchingJsonPath("$.body", containing(IMAGE_1)))
            .withRequestBody(
                matchingJsonPath("$.body", containing("apps/web/dev/deployment.yaml"))));
    server.verify(
        postRequestedFor(urlEqualTo(api + "/issues/7/labels"))
            .withRequestBody(equalToJson("{\"labels\":[\"gitops\"]}")));

    Run second =
        gitops(
            promote(repo, rendered("r2", IMAGE_2), IMAGE_2, "--pr", "github", "--label", "gitops"));

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    JsonNode updated = json.readTree(second.stdout());
    assertThat(updated.get("changed").asBoolean()).isTrue();
    assertThat(updated.get("pr").get("number").asLong()).isEqualTo(7);
    assertThat(updated.get("commit").asText()).isEqualTo(branchTip(repo, "gitops/dev/web"));
    // the same pull request, brought up to date: no second one
    server.verify(1, postRequestedFor(urlEqualTo(api + "/pulls")));
    // github-api patches the title and the body one at a time
    server.verify(
        1,
        patchRequestedFor(urlEqualTo(api + "/pulls/7"))
            .withHeader("Authorization", equalTo("token " + TOKEN))
            .withRequestBody(equalToJson("{\"title\":\"Promote web to dev: web:1.1.0\"}")));
    server.verify(
        1,
        patchRequestedFor(urlEqualTo(api + "/pulls/7"))
            .withRequestBody(matchingJsonPath("$.body", containing(IMAGE_2))));
    // the label is already there
    server.verify(1, postRequestedFor(urlEqualTo(api + "/issues/7/labels")));
    assertThat(branchTip(repo, "main")).isNotEqualTo(updated.get("commit").asText());
  }

  @Test
  void reopensThePullRequestOnAReRunAfterItWasClosedOnGitea() throws Exception {
    WireMockServer server = wiremock.server();
    String api = "/api/v1/repos/acme/gitops";
    server.stubFor(get(urlPathEqualTo(api + "/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        post(urlEqualTo(api + "/pulls"))
            .willReturn(
                jsonResponse(
                    "{\"number\":12,\"state\":\"open\","
                        + "\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/12\","
                        + "\"head\":{\"ref\":\"gitops/dev/web\"},\"base\":{\"ref\":\"main\"}}",
                    201)));
    Path repo = tmp.resolve("gitops.git");
    Path from = rendered("r1", IMAGE_1);

    Run first = gitops(promote(repo, from, IMAGE_1, "--pr", "gitea", "--pr-title", "Ship web"));
    // the pull request was closed (no open one is listed); the same build runs again
    Run again = gitops(promote(repo, from, IMAGE_1, "--pr", "gitea", "--pr-title", "Ship web"));

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    JsonNode rerun = json.readTree(again.stdout());
    assertThat(rerun.get("changed").asBoolean()).isFalse();
    assertThat(rerun.get("branch").asText()).isEqualTo("gitops/dev/web");
    assertThat(rerun.get("commit").asText())
        .isEqualTo(json.readTree(first.stdout()).get("commit").asText());
    assertThat(json.writeValueAsString(rerun.get("pr")))
        .isEqualTo(
            "{\"number\":12,\"url\":\"https://gitea.example.com/acme/gitops/pulls/12\","
                + "\"state\":\"open\"}");
    server.verify(
        2,
        postRequestedFor(urlEqualTo(api + "/pulls"))
            .withHeader("Authorization", equalTo("token " + TOKEN))
            .withRequestBody(matchingJsonPath("$.title", equalTo("Ship web")))
            .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/dev/web")))
            .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
            .withRequestBody(matchingJsonPath("$.body", containing("| Environment | `dev` |"))));
  }

  @Test
  void noPullRequestWhenTheEnvironmentBranchAlreadyHoldsTheState() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    Path from = rendered("r1", IMAGE_1);
    List<String> direct = promote(repo, from, IMAGE_1);
    assertThat(gitops(direct).exitCode()).isZero();

    Run withPr = gitops(promote(repo, from, IMAGE_1, "--pr", "github"));

    assertThat(withPr.exitCode()).as(withPr.stderr()).isZero();
    JsonNode result = json.readTree(withPr.stdout());
    assertThat(result.get("changed").asBoolean()).isFalse();
    assertThat(result.get("branch").asText()).isEqualTo("main");
    assertThat(result.has("pr")).isFalse();
    assertThat(wiremock.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void prWithDirectModeIsRefusedBeforeAnythingIsPushed() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    Run run =
        gitops(
            promote(repo, rendered("r1", IMAGE_1), IMAGE_1, "--pr", "github", "--mode", "direct"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--mode direct");
    assertThat(repo).doesNotExist();
  }

  @Test
  void theTextOutputNamesThePullRequest() throws Exception {
    WireMockServer server = wiremock.server();
    String api = "/api/v1/repos/acme/gitops";
    server.stubFor(get(urlPathEqualTo(api + "/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        post(urlEqualTo(api + "/pulls"))
            .willReturn(
                jsonResponse(
                    "{\"number\":3,\"state\":\"open\","
                        + "\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/3\","
                        + "\"head\":{\"ref\":\"gitops/dev/web\"},\"base\":{\"ref\":\"main\"}}",
                    201)));
    List<String> args =
        promote(tmp.resolve("gitops.git"), rendered("r1", IMAGE_1), IMAGE_1, "--pr", "gitea");
    args.subList(0, 2).clear(); // text output

    Run run = gitops(args);

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("promoted web to dev: gitops/dev/web is at ")
        .contains("pull request #3 (open): https://gitea.example.com/acme/gitops/pulls/3");
  }
}
