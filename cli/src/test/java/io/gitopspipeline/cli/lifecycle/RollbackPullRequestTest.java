package io.gitopspipeline.cli.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static io.gitopspipeline.cli.lifecycle.LifecycleCli.gitops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitopspipeline.scm.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops rollback --pr}: a real GitOps repository, WireMock for GitHub's API. */
class RollbackPullRequestTest {
  private static final String TOKEN = "ghp_secret";
  private static final String API = "/repos/acme/gitops";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();

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
        + "\"},\"labels\":[],\"requested_reviewers\":[],"
        + "\"requested_teams\":[],\"merged\":false}";
  }

  private LifecycleCli.Run rollback(Path repo, Path token, String... target) {
    String[] base = {
      "--output",
      "json",
      "rollback",
      "--repo",
      repo.toString(),
      "--branch",
      "main",
      "--app",
      "web",
      "--env",
      "dev",
      "--pr",
      "github",
      "--server-url",
      wiremock.url(),
      "--pr-repository",
      "acme/gitops",
      "--pr-token-file",
      token.toString()
    };
    String[] args = new String[base.length + target.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(target, 0, args, base.length, target.length);
    return gitops(args);
  }

  @Test
  void opensOneRollbackPullRequestAndUpdatesItForAnotherTarget() throws Exception {
    WireMockServer server = wiremock.server();
    server.stubFor(
        get(API)
            .willReturn(
                okJson(
                    "{\"id\":1,\"name\":\"gitops\",\"full_name\":\"acme/gitops\","
                        + "\"owner\":{\"login\":\"acme\"}}")));
    server.stubFor(
        get(urlPathEqualTo(API + "/pulls"))
            .inScenario("pr")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson("[]")));
    server.stubFor(
        post(API + "/pulls")
            .inScenario("pr")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("open")
            .willReturn(jsonResponse(githubPr(7), 201)));
    server.stubFor(
        get(urlPathEqualTo(API + "/pulls"))
            .inScenario("pr")
            .whenScenarioStateIs("open")
            .willReturn(okJson("[" + githubPr(7) + "]")));
    server.stubFor(get(API + "/pulls/7").willReturn(okJson(githubPr(7))));
    server.stubFor(patch(API + "/pulls/7").willReturn(okJson(githubPr(7))));
    Path repo = tmp.resolve("gitops.git");
    LifecycleCli cli = new LifecycleCli(tmp);
    cli.promote(repo, "web", "dev", "web:0", "https://ci/0");
    cli.promote(repo, "web", "dev", "web:1", "https://ci/1");
    cli.promote(repo, "web", "dev", "web:2", "https://ci/2");
    Path token = tmp.resolve("token");
    Files.writeString(token, TOKEN + "\n");

    LifecycleCli.Run first = rollback(repo, token, "--steps", "1");

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    JsonNode opened = json.readTree(first.stdout());
    assertThat(opened.get("branch").asText()).isEqualTo("gitops/dev/web");
    assertThat(opened.get("pr").get("number").asLong()).isEqualTo(7);
    server.verify(
        1,
        postRequestedFor(urlEqualTo(API + "/pulls"))
            .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/dev/web")))
            .withRequestBody(matchingJsonPath("$.body", containing("web:1"))));

    LifecycleCli.Run second = rollback(repo, token, "--to-image", "web:0");

    assertThat(second.exitCode()).as(second.stderr()).isZero();
    JsonNode updated = json.readTree(second.stdout());
    assertThat(updated.get("changed").asBoolean()).isTrue();
    assertThat(updated.get("pr").get("number").asLong()).isEqualTo(7);
    assertThat(updated.get("commit").asText()).isNotEqualTo(opened.get("commit").asText());
    server.verify(1, postRequestedFor(urlEqualTo(API + "/pulls")));
    server.verify(
        patchRequestedFor(urlEqualTo(API + "/pulls/7"))
            .withRequestBody(matchingJsonPath("$.body", containing("web:0"))));
  }
}
