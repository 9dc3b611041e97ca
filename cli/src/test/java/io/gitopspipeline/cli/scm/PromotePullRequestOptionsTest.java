package io.gitopspipeline.cli.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.scm.FileChange;
import io.gitopspipeline.scm.PromotionChange;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** How {@code gitops promote} uses the mixin: parse its flags, then open the pull request. */
class PromotePullRequestOptionsTest {
  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path dir;

  @Command(name = "promote")
  static final class FakePromote {
    @Mixin PromotePullRequestOptions pr;
  }

  private static final PromotionChange CHANGE =
      new PromotionChange(
          "promote/shop-staging",
          "main",
          "shop",
          "staging",
          "registry.example.com/shop:1.4.0@sha256:" + "b".repeat(64),
          "0123456789abcdef0123456789abcdef01234567",
          null,
          "https://ci.example.com/job/7/",
          List.of(new FileChange("envs/staging/shop.yaml", FileChange.Type.CHANGED)),
          "-a\n+b\n");

  @Test
  void opensThePullRequestWithTitleLabelsAndBody() throws Exception {
    Path token = Files.writeString(dir.resolve("t"), "tok");
    WireMockServer server = wiremock.server();
    String repo = "/api/v1/repos/acme/gitops";
    server.stubFor(get(urlPathEqualTo(repo + "/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        post(urlEqualTo(repo + "/pulls"))
            .willReturn(
                jsonResponse(
                    "{\"number\":12,\"state\":\"open\",\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/12\",\"head\":{\"ref\":\"promote/shop-staging\"},\"base\":{\"ref\":\"main\"}}",
                    201)));
    FakePromote promote = new FakePromote();
    new CommandLine(promote)
        .parseArgs("--pr", "gitea", "--server-url", wiremock.url(), "--pr-title", "Ship shop");

    PullRequestResult result =
        promote
            .pr
            .open(
                CHANGE,
                "https://gitea.example.com/acme/gitops.git",
                token,
                ProgressListener.NONE,
                Duration.ofMinutes(1))
            .orElseThrow();

    assertThat(result)
        .isEqualTo(
            new PullRequestResult(12, "https://gitea.example.com/acme/gitops/pulls/12", "open"));
    server.verify(
        postRequestedFor(urlEqualTo(repo + "/pulls"))
            .withHeader("Authorization", equalTo("token tok"))
            .withRequestBody(matchingJsonPath("$.title", equalTo("Ship shop")))
            .withRequestBody(matchingJsonPath("$.head", equalTo("promote/shop-staging")))
            .withRequestBody(matchingJsonPath("$.body", containing("| Environment | `staging` |")))
            .withRequestBody(matchingJsonPath("$.body", containing("<details>"))));
  }

  @Test
  void withoutPrNothingIsOpenedAndPrOnlyFlagsAreRefused() throws Exception {
    FakePromote plain = new FakePromote();
    new CommandLine(plain).parseArgs();
    assertThat(
            plain.pr.open(
                CHANGE,
                "https://gitea.example.com/acme/gitops.git",
                null,
                ProgressListener.NONE,
                Duration.ofMinutes(1)))
        .isEmpty();

    FakePromote stray = new FakePromote();
    new CommandLine(stray).parseArgs("--label", "gitops");
    assertThatThrownBy(
            () ->
                stray.pr.open(
                    CHANGE,
                    "https://gitea.example.com/acme/gitops.git",
                    null,
                    ProgressListener.NONE,
                    Duration.ofMinutes(1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("need --pr");
  }
}
