package io.gitopspipeline.cli.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

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

/** What `gitops pr` reports, and exits with, when GitLab answers oddly. */
class PrMalformedAnswerTest {
  private static final String MR = "/api/v4/projects/platform%2Fgitops/merge_requests/5";

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path dir;

  private record Run(int exitCode, String stderr) {}

  private Run prStatus(String serverUrl) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "glpat-s3cr3t\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            new String[] {
              "pr",
              "status",
              "--number",
              "5",
              "--provider",
              "gitlab",
              "--server-url",
              serverUrl,
              "--repo",
              "platform/gitops",
              "--token-file",
              token.toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aMergeRequestWithoutItsIidExitsOneNamingTheField() throws Exception {
    wiremock
        .server()
        .stubFor(get(urlEqualTo(MR)).willReturn(okJson("{\"title\":\"x\",\"state\":\"opened\"}")));

    Run run = prStatus(wiremock.url());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains(
            "GitLab answered GET /projects/platform/gitops/merge_requests/5 on repository"
                + " platform/gitops without a valid 'iid'")
        .doesNotContain("unexpected internal error")
        .doesNotContain("NullPointerException");
  }

  @Test
  void aRedirectToAnotherServerExitsOneAndTheTokenStaysHome() throws Exception {
    WireMockServer elsewhere = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    elsewhere.start();
    try {
      wiremock
          .server()
          .stubFor(
              get(urlEqualTo(MR))
                  .willReturn(
                      aResponse()
                          .withStatus(301)
                          .withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + MR)));

      Run run = prStatus(wiremock.url());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr())
          .contains(
              "GitLab answered GET /projects/platform/gitops/merge_requests/5 with a"
                  + " redirect (HTTP 301)")
          .doesNotContain("s3cr3t");
      wiremock
          .server()
          .verify(
              1,
              getRequestedFor(urlEqualTo(MR)).withHeader("PRIVATE-TOKEN", equalTo("glpat-s3cr3t")));
      elsewhere.verify(0, anyRequestedFor(anyUrl()));
    } finally {
      elsewhere.stop();
    }
  }
}
