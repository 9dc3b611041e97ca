package io.gitopspipeline.cli.sync;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops sync wait --commit-status-provider}: the commit statuses Flux's notification
 * providers set on the GitOps commit, read from the provider's API (WireMock).
 */
class SyncWaitCommitStatusTest {
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();

  private record Run(int exitCode, String stdout, String stderr) {}

  private Run waitFor(String provider, String repository) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "scm-token\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {
              "--output",
              "json",
              "sync",
              "wait",
              "--revision",
              SHA,
              "--target",
              "Kustomization/flux-system/podinfo",
              "--commit-status-provider",
              provider,
              "--server-url",
              wiremock.url(),
              "--pr-repository",
              repository,
              "--pr-token-file",
              token.toString(),
              "--timeout",
              "30s"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void succeedsWhenFluxReportedTheRevisionOnGitHub() throws Exception {
    WireMockServer server = wiremock.server();
    server.stubFor(
        get("/repos/acme/gitops")
            .willReturn(
                okJson(
                    "{\"id\":1,\"name\":\"gitops\",\"full_name\":\"acme/gitops\","
                        + "\"owner\":{\"login\":\"acme\"}}")));
    server.stubFor(
        get(urlPathEqualTo("/repos/acme/gitops/statuses/" + SHA))
            .willReturn(
                okJson(
                    "[{\"state\":\"success\",\"description\":\"reconciliation succeeded\","
                        + "\"context\":\"kustomization/podinfo/0c9c2e41\",\"id\":1,"
                        + "\"updated_at\":\"2026-01-01T00:00:00Z\"}]")));

    Run run = waitFor("github", "acme/gitops");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(result.get("targets").get(0).get("phase").asText()).isEqualTo("succeeded");
    server.verify(
        getRequestedFor(urlPathEqualTo("/repos/acme/gitops/statuses/" + SHA))
            .withHeader("Authorization", equalTo("token scm-token")));
  }

  @Test
  void failsWithExitOneWhenFluxReportedAFailureOnGitLab() throws Exception {
    WireMockServer server = wiremock.server();
    server.stubFor(
        get(urlPathEqualTo(
                "/api/v4/projects/platform%2Fgitops/repository/commits/" + SHA + "/statuses"))
            .willReturn(
                okJson(
                    "[{\"id\":2,\"sha\":\""
                        + SHA
                        + "\",\"status\":\"failed\",\"name\":\"kustomization/podinfo/0c9c2e41\","
                        + "\"description\":\"health check failed\","
                        + "\"created_at\":\"2026-01-01T00:05:00.000Z\"}]")));

    Run run = waitFor("gitlab", "platform/gitops");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("outcome").asText()).isEqualTo("failed");
    assertThat(result.get("targets").get(0).get("reason").asText()).isEqualTo("HealthCheckFailed");
    server.verify(
        getRequestedFor(
                urlPathEqualTo(
                    "/api/v4/projects/platform%2Fgitops/repository/commits/" + SHA + "/statuses"))
            .withHeader("PRIVATE-TOKEN", equalTo("scm-token")));
  }

  @Test
  void succeedsWhenFluxReportedTheRevisionOnBitbucketCloud() throws Exception {
    WireMockServer server = wiremock.server();
    String statuses = "/repositories/acme/gitops/commit/" + SHA + "/statuses";
    server.stubFor(
        get(urlEqualTo(statuses + "?pagelen=100"))
            .willReturn(
                okJson(
                    "{\"pagelen\":100,\"values\":[{\"type\":\"commitstatus\","
                        + "\"key\":\"5d9f1c0ffee5d9f1c0ffee5d9f1c0ffee5d9f1c0\","
                        + "\"state\":\"SUCCESSFUL\",\"name\":\"kustomization/podinfo\","
                        + "\"description\":\"reconciliation succeeded\","
                        + "\"url\":\"https://bitbucket.org\","
                        + "\"updated_on\":\"2026-01-01T00:00:00+00:00\"}]}")));

    Run run = waitFor("bitbucket-cloud", "acme/gitops");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(result.get("targets").get(0).get("phase").asText()).isEqualTo("succeeded");
    server.verify(
        getRequestedFor(urlEqualTo(statuses + "?pagelen=100"))
            .withHeader("Authorization", equalTo("Bearer scm-token")));
  }

  @Test
  void failsWithExitOneWhenFluxReportedAFailureOnBitbucketDataCenter() throws Exception {
    WireMockServer server = wiremock.server();
    String statuses = "/rest/build-status/1.0/commits/" + SHA;
    server.stubFor(
        get(urlEqualTo(statuses + "?start=0&limit=100"))
            .willReturn(
                okJson(
                    "{\"size\":1,\"limit\":100,\"isLastPage\":true,\"start\":0,\"values\":["
                        + "{\"state\":\"FAILED\",\"key\":\"7d5c0e1a\","
                        + "\"name\":\"kustomization/podinfo [health check failed]\","
                        + "\"url\":\"https://bitbucket.example.com/scm/ops/gitops.git\","
                        + "\"description\":\"health check failed\","
                        + "\"dateAdded\":1767225600000}]}")));

    Run run = waitFor("bitbucket", "OPS/gitops");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("outcome").asText()).isEqualTo("failed");
    assertThat(result.get("targets").get(0).get("reason").asText()).isEqualTo("HealthCheckFailed");
    server.verify(
        getRequestedFor(urlEqualTo(statuses + "?start=0&limit=100"))
            .withHeader("Authorization", equalTo("Bearer scm-token"))
            .withHeader("X-Atlassian-Token", equalTo("no-check")));
  }

  @Test
  void anUnknownProviderIsBadInput() throws Exception {
    Run run = waitFor("sourceforge", "acme/gitops");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("unknown SCM provider 'sourceforge'");
  }
}
