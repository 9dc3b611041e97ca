package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PullRequestSpecTest {
  @Test
  void urlCredentialsNeverReachThePullRequestTitleOrBody() {
    PullRequestSpec spec =
        new PullRequestSpec(
            "gitops/dev/web",
            "main",
            "Promote web from https://user:s3cret@git.example/app.git",
            "Built by https://ci-token@ci.example/job/web/7/",
            List.of(),
            List.of(),
            false);

    assertThat(spec.title()).isEqualTo("Promote web from https://git.example/app.git");
    assertThat(spec.body()).isEqualTo("Built by https://ci.example/job/web/7/");
    assertThat(spec.withBody("see https://a:b@x.example/y").body())
        .isEqualTo("see https://x.example/y");
  }
}
