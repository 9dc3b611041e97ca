package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommitMessageTest {
  private static final String TOKEN = "ghp_0123456789secret";

  @Test
  void urlsInTrailersAndPlaceholdersLoseTheirCredentials() throws Exception {
    Promotion promotion =
        Promotion.of("/tmp/x", "main", "web", "dev", Path.of("/tmp/rendered"))
            .withSource(
                new SourceInfo(
                    null,
                    "https://ci-bot:" + TOKEN + "@git.example.com/org/web.git",
                    "0123456789abcdef0123456789abcdef01234567",
                    "https://" + TOKEN + "@ci.example.com/job/web/7/"))
            .withMessageTemplate(
                "Promote {app} from {sourceRepository} (build {buildUrl}, mirror"
                    + " https://mirror:"
                    + TOKEN
                    + "@mirror.example.com/web)");

    String message = CommitMessage.build(promotion);

    assertThat(message)
        .doesNotContain(TOKEN)
        .doesNotContain("ci-bot")
        .startsWith(
            "Promote web from https://git.example.com/org/web.git (build"
                + " https://ci.example.com/job/web/7/, mirror https://mirror.example.com/web)")
        .contains("GitOps-Source-Repository: https://git.example.com/org/web.git\n")
        .contains("GitOps-Build-URL: https://ci.example.com/job/web/7/\n");
  }

  @Test
  void anSshSourceRepositoryKeepsItsLogin() throws Exception {
    Promotion promotion =
        Promotion.of("/tmp/x", "main", "web", "dev", Path.of("/tmp/rendered"))
            .withSource(new SourceInfo(null, "ssh://git@git.example.com/org/web.git", null, null));

    assertThat(CommitMessage.build(promotion))
        .contains("GitOps-Source-Repository: ssh://git@git.example.com/org/web.git\n");
  }
}
