package io.gitopspipeline.promote;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.SourceInfo;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestOptions;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.WireMockExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's one call: promote to the promotion branch, then open its pull request. */
class PullRequestPromoterTest {
  private static final String API = "/api/v1/repos/acme/gitops";
  private static final String IMAGE = "registry.example.com/web:2.0.0@sha256:" + "c".repeat(64);

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path tmp;
  private final FakeTime time = new FakeTime();
  private PullRequestPromoter promoter;
  private Path rendered;

  @BeforeEach
  void setUp() throws Exception {
    ScmConnection connection =
        ScmConnection.withToken(
            ProviderType.GITEA,
            URI.create(wiremock.url()),
            RepositoryId.parse(ProviderType.GITEA, "acme/gitops"),
            Secret.of("gtea"));
    promoter =
        new PullRequestPromoter(
            new Promoter(PromoterSettings.defaults()), connection, time.context());
    rendered = Files.createDirectories(tmp.resolve("rendered"));
    Files.writeString(rendered.resolve("app.yaml"), "image: " + IMAGE + "\n");
  }

  private Promotion promotion(PushMode mode) {
    return Promotion.of(tmp.resolve("gitops.git").toString(), "main", "web", "prod", rendered)
        .withMode(mode)
        .withSource(new SourceInfo(IMAGE, null, null, "https://ci.example.com/job/9/"));
  }

  @Test
  void opensThePullRequestFromThePromotionBranchIntoTheEnvironmentBranch() throws Exception {
    WireMockServer server = wiremock.server();
    server.stubFor(get(urlPathEqualTo(API + "/pulls")).willReturn(okJson("[]")));
    server.stubFor(
        post(urlEqualTo(API + "/pulls"))
            .willReturn(
                jsonResponse(
                    "{\"number\":4,\"state\":\"open\","
                        + "\"html_url\":\"https://gitea.example.com/acme/gitops/pulls/4\","
                        + "\"head\":{\"ref\":\"gitops/prod/web\"},\"base\":{\"ref\":\"main\"}}",
                    201)));

    PullRequestPromoter.Outcome outcome =
        promoter.promote(
            promotion(PushMode.BRANCH), PullRequestOptions.defaults(), ProgressListener.NONE);

    assertThat(outcome.promotion().changed()).isTrue();
    assertThat(outcome.promotion().branch()).isEqualTo("gitops/prod/web");
    assertThat(outcome.pullRequest())
        .contains(
            new PullRequestResult(4, "https://gitea.example.com/acme/gitops/pulls/4", "open"));
    server.verify(
        postRequestedFor(urlEqualTo(API + "/pulls"))
            .withHeader("Authorization", equalTo("token gtea"))
            .withRequestBody(matchingJsonPath("$.head", equalTo("gitops/prod/web")))
            .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
            .withRequestBody(matchingJsonPath("$.title", equalTo("Promote web to prod: web:2.0.0")))
            .withRequestBody(
                matchingJsonPath("$.body", containing("https://ci.example.com/job/9/")))
            .withRequestBody(matchingJsonPath("$.body", containing("apps/web/prod/app.yaml"))));
  }

  @Test
  void refusesADirectPromotionWithoutPushingOrCallingTheProvider() {
    assertThatThrownBy(
            () ->
                promoter.promote(
                    promotion(PushMode.DIRECT),
                    PullRequestOptions.defaults(),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--mode branch");
    assertThat(tmp.resolve("gitops.git")).doesNotExist();
    assertThat(wiremock.server().getAllServeEvents()).isEmpty();
  }
}
