package io.gitopspipeline.cli.lifecycle;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.gitopspipeline.cli.lifecycle.LifecycleCli.gitops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.scm.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Build N waits for its pull request; build N+1 proposes the same app/env: N's wait exits 4. */
class PrWaitSupersededTest {
  private static final String PR =
      "{\"number\":3,\"state\":\"open\",\"title\":\"Promote\","
          + "\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/3\","
          + "\"head\":{\"ref\":\"gitops/dev/web\"},\"base\":{\"ref\":\"main\"},\"labels\":[],"
          + "\"merged\":false}";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void theOlderBuildsPullRequestWaitEndsSupersededWithExitCodeFour() throws Exception {
    wiremock
        .server()
        .stubFor(get(urlEqualTo("/api/v1/repos/acme/gitops/pulls/3")).willReturn(okJson(PR)));
    Path token = tmp.resolve("token");
    Files.writeString(token, "s3cr3t-token\n");
    Path repo = tmp.resolve("gitops.git");
    LifecycleCli cli = new LifecycleCli(tmp);
    String mine =
        json.readTree(
                cli.promote(repo, "web", "dev", "web:1", "https://ci/1", "--mode", "branch")
                    .stdout())
            .get("commit")
            .asText();

    CompletableFuture<LifecycleCli.Run> waiting =
        CompletableFuture.supplyAsync(
            () ->
                gitops(
                    "--output",
                    "json",
                    "pr",
                    "wait",
                    "--number",
                    "3",
                    "--provider",
                    "gitea",
                    "--server-url",
                    wiremock.url(),
                    "--repo",
                    "acme/gitops",
                    "--token-file",
                    token.toString(),
                    "--interval",
                    "200ms",
                    "--timeout",
                    "2m",
                    "--gitops-repo",
                    repo.toString(),
                    "--app",
                    "web",
                    "--env",
                    "dev",
                    "--promotion-commit",
                    mine,
                    "--supersede-interval",
                    "100ms"));
    Thread.sleep(300);
    String newer =
        json.readTree(
                cli.promote(repo, "web", "dev", "web:2", "https://ci/2", "--mode", "branch")
                    .stdout())
            .get("commit")
            .asText();
    LifecycleCli.Run run = waiting.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(4);
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("state").asText()).isEqualTo("superseded");
    assertThat(result.get("supersededBy").get("commit").asText()).isEqualTo(newer);
    assertThat(result.get("supersededBy").get("branch").asText()).isEqualTo("gitops/dev/web");
    assertThat(run.stderr()).contains("pull request #3 superseded by " + newer);
  }
}
