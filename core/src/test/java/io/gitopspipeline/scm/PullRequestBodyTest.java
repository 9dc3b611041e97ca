package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestBodyTest {
  private static PromotionChange change(String diff) {
    return new PromotionChange(
        "promote/shop-staging",
        "main",
        "shop",
        "staging",
        "registry.example.com/shop:1.4.0@sha256:" + "a".repeat(64),
        "0123456789abcdef0123456789abcdef01234567",
        "https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567",
        "https://ci.example.com/job/shop/42/",
        List.of(
            new FileChange("envs/staging/shop/deployment.yaml", FileChange.Type.CHANGED),
            new FileChange("envs/staging/shop/hpa.yaml", FileChange.Type.ADDED),
            new FileChange("envs/staging/shop/old.yaml", FileChange.Type.REMOVED)),
        diff);
  }

  @Test
  void showsAppEnvironmentImageWithDigestSourceAndBuildLinks() {
    String body = PullRequestBody.render(change(null), 65_536);

    assertThat(body)
        .contains("| App | `shop` |")
        .contains("| Environment | `staging` |")
        .contains("registry.example.com/shop:1.4.0@sha256:" + "a".repeat(64))
        .contains(
            "[`0123456789ab`](https://github.com/acme/shop/commit/0123456789abcdef0123456789abcdef01234567)")
        .contains("(https://ci.example.com/job/shop/42/)")
        .contains("**Rendered change:** 1 added, 1 changed, 1 removed")
        .contains("- removed `envs/staging/shop/old.yaml`");
  }

  @Test
  void linksInTheBodyAndCommentsCarryNoCredentials() {
    PromotionChange change =
        new PromotionChange(
            "gitops/dev/web",
            "main",
            "web",
            "dev",
            null,
            "0123456789abcdef0123456789abcdef01234567",
            "https://bot:tok3n-secret@git.example.com/org/web/commit/0123456789abcdef",
            "https://jenkins:tok3n-secret@ci.example.com/job/web/7/",
            List.of(),
            null);

    String body = PullRequestBody.render(change, 65_536);

    assertThat(body)
        .doesNotContain("tok3n-secret")
        .contains("(https://ci.example.com/job/web/7/)")
        .contains("(https://git.example.com/org/web/commit/0123456789abcdef)");
    assertThat(PullRequestBody.fit("see https://tok3n-secret@ci.example.com/job/7/", 1000))
        .isEqualTo("see https://ci.example.com/job/7/");
  }

  @Test
  void aCommitStatusLinksToItsTargetWithoutCredentials() {
    CommitStatus status =
        new CommitStatus(
            CommitState.SUCCESS,
            "gitops/dev",
            "synced, see https://u:tok3n-secret@argo.example.com/app",
            "https://u:tok3n-secret@ci.example.com/job/7/");

    assertThat(status.targetUrl()).isEqualTo("https://ci.example.com/job/7/");
    assertThat(status.description()).isEqualTo("synced, see https://argo.example.com/app");
  }

  @Test
  void foldsTheDiffIntoADetailsSection() {
    String body =
        PullRequestBody.render(change("--- a/x\n+++ b/x\n-image: 1.3\n+image: 1.4\n"), 65_536);

    assertThat(body)
        .contains("<details>\n<summary>Diff (4 lines)</summary>")
        .contains("```diff\n--- a/x")
        .contains("</details>");
  }

  @Test
  void cutsALargeDiffAtALineAndSaysHowMuchIsMissing() {
    String diff = "+line\n".repeat(5000);

    String body = PullRequestBody.render(change(diff), 4000);

    assertThat(body.length()).isLessThanOrEqualTo(4000);
    assertThat(body).contains("Diff cut:").contains("more lines").endsWith("</sub>\n");
  }

  @Test
  void aDiffWithBackticksGetsALongerFence() {
    String body = PullRequestBody.render(change("+ ```\n"), 65_536);

    assertThat(body).contains("````diff\n+ ```\n````");
  }

  @Test
  void titleNamesAppEnvironmentAndImageTag() {
    assertThat(PullRequestBody.title(change(null)))
        .isEqualTo("Promote shop to staging: shop:1.4.0");
  }

  @Test
  void fileChangesComeFromPromotesThreeLists() {
    assertThat(FileChange.of(List.of("a.yaml"), List.of("b.yaml"), List.of("c.yaml")))
        .containsExactly(
            new FileChange("a.yaml", FileChange.Type.ADDED),
            new FileChange("b.yaml", FileChange.Type.CHANGED),
            new FileChange("c.yaml", FileChange.Type.REMOVED));
  }
}
