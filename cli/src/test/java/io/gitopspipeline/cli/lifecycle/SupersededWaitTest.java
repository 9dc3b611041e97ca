package io.gitopspipeline.cli.lifecycle;

import static io.gitopspipeline.cli.lifecycle.LifecycleCli.gitops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two builds promote the same app and environment: the first build's sync wait exits 4. */
class SupersededWaitTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void theFirstBuildsSyncWaitEndsSupersededWithExitCodeFour() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    LifecycleCli cli = new LifecycleCli(tmp);
    String first =
        json.readTree(cli.promote(repo, "web", "dev", "web:1", "https://ci/1").stdout())
            .get("commit")
            .asText();

    CompletableFuture<LifecycleCli.Run> waiting =
        CompletableFuture.supplyAsync(
            () ->
                gitops(
                    "--output",
                    "json",
                    "sync",
                    "wait",
                    "--revision",
                    first,
                    "--target",
                    "Kustomization/flux-system/apps",
                    "--listen",
                    "127.0.0.1:0",
                    "--timeout",
                    "2m",
                    "--gitops-repo",
                    repo.toString(),
                    "--app",
                    "web",
                    "--env",
                    "dev",
                    "--supersede-interval",
                    "100ms"));
    Thread.sleep(300);
    String second =
        json.readTree(cli.promote(repo, "web", "dev", "web:2", "https://ci/2").stdout())
            .get("commit")
            .asText();
    LifecycleCli.Run run = waiting.get(60, TimeUnit.SECONDS);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(4);
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("outcome").asText()).isEqualTo("superseded");
    assertThat(result.get("supersededBy").get("commit").asText()).isEqualTo(second);
    assertThat(result.get("supersededBy").get("buildUrl").asText()).isEqualTo("https://ci/2");
    assertThat(run.stderr()).contains("superseded by " + second);
  }

  @Test
  void theWatchOptionsNeedEachOther() {
    LifecycleCli.Run run =
        gitops(
            "sync",
            "wait",
            "--revision",
            "0123456789012345678901234567890123456789",
            "--target",
            "Kustomization/flux-system/apps",
            "--listen",
            "127.0.0.1:0",
            "--gitops-repo",
            tmp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--gitops-repo needs --app and --env");
  }
}
