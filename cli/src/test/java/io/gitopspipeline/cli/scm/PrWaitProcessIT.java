package io.gitopspipeline.cli.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.scm.WireMockExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code gitops pr wait} as users run it: the packaged jar in its own process, token from the
 * environment.
 */
class PrWaitProcessIT {
  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();

  @Test
  void waitsForTheMergeWithTheTokenFromTheEnvironment() throws Exception {
    String merge = "2222222222222222222222222222222222222222";
    wiremock
        .server()
        .stubFor(
            get(urlEqualTo(
                    "/acme/ops/_apis/git/repositories/gitops/pullrequests/5?api-version=7.1"))
                .willReturn(
                    okJson(
                        "{\"pullRequestId\":5,\"status\":\"completed\",\"lastMergeCommit\":{\"commitId\":\""
                            + merge
                            + "\"}}")));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                java,
                "-jar",
                System.getProperty("gitops.jar"),
                "--output",
                "json",
                "pr",
                "wait",
                "--provider",
                "azure",
                "--server-url",
                wiremock.url(),
                "--repo",
                "acme/ops/gitops",
                "--number",
                "5",
                "--timeout",
                "1m"));
    builder.environment().put("GITOPS_SCM_TOKEN", "pat-from-env");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(stderr).isZero();
    JsonNode result = new ObjectMapper().readTree(stdout);
    assertThat(result.get("state").asText()).isEqualTo("merged");
    assertThat(result.get("mergeCommit").asText()).isEqualTo(merge);
    wiremock
        .server()
        .verify(
            getRequestedFor(
                    urlEqualTo(
                        "/acme/ops/_apis/git/repositories/gitops/pullrequests/5?api-version=7.1"))
                .withHeader(
                    "Authorization",
                    equalTo(
                        "Basic "
                            + Base64.getEncoder()
                                .encodeToString(
                                    ":pat-from-env".getBytes(StandardCharsets.UTF_8)))));
    assertThat(stdout + stderr).doesNotContain("pat-from-env");
  }
}
