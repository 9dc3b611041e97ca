package io.gitopspipeline.cli.lifecycle;

import static io.gitopspipeline.cli.lifecycle.LifecycleCli.gitops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStatusCommandTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  private Path repo;
  private String first;
  private String second;

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("gitops.git"); // the embedded default: created by the first promotion
    LifecycleCli cli = new LifecycleCli(tmp);
    first =
        json.readTree(cli.promote(repo, "web", "dev", "web:1", "https://ci/1").stdout())
            .get("commit")
            .asText();
    cli.promote(repo, "api", "dev", "api:1", "https://ci/a");
    second =
        json.readTree(cli.promote(repo, "web", "dev", "web:2", "https://ci/2").stdout())
            .get("commit")
            .asText();
  }

  @Test
  void historyPrintsOneJsonObjectWithThePromotionsNewestFirst() throws Exception {
    LifecycleCli.Run run =
        gitops(
            "--output",
            "json",
            "history",
            "--repo",
            repo.toString(),
            "--branch",
            "main",
            "--app",
            "web",
            "--env",
            "dev");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode promotions = json.readTree(run.stdout()).get("promotions");
    assertThat(promotions).hasSize(2);
    assertThat(promotions.get(0).get("commit").asText()).isEqualTo(second);
    assertThat(promotions.get(0).get("image").asText()).isEqualTo("web:2");
    assertThat(promotions.get(0).get("buildUrl").asText()).isEqualTo("https://ci/2");
    assertThat(promotions.get(0).get("arrival").asText()).isEqualTo("direct");
    assertThat(promotions.get(0).get("rollback").asBoolean()).isFalse();
    assertThat(promotions.get(1).get("commit").asText()).isEqualTo(first);
  }

  @Test
  void historyAsTextIsATableAndTheLimitApplies() {
    LifecycleCli.Run run =
        gitops("history", "--repo", repo.toString(), "--branch", "main", "--limit", "2");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout().lines().toList()).hasSize(3).first().asString().startsWith("COMMIT");
    assertThat(run.stdout())
        .contains(second.substring(0, 7))
        .contains("api:1")
        .doesNotContain("web:1");
  }

  @Test
  void statusShowsOneRowPerAppAndEnvironment() throws Exception {
    LifecycleCli.Run run =
        gitops("--output", "json", "status", "--repo", repo.toString(), "--branch", "main");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode rows = json.readTree(run.stdout()).get("environments");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("app").asText()).isEqualTo("api");
    assertThat(rows.get(1).get("image").asText()).isEqualTo("web:2");
    assertThat(rows.get(1).get("commit").asText()).isEqualTo(second);
    assertThat(rows.get(1).get("editedByHand").asBoolean()).isFalse();
    LifecycleCli.Run text = gitops("status", "--repo", repo.toString(), "--branch", "main");
    assertThat(text.stdout()).startsWith("APP").contains("web:2");
  }

  @Test
  void badInputExitsTwoNamingTheOption() {
    LifecycleCli.Run limit =
        gitops("history", "--repo", repo.toString(), "--branch", "main", "--limit", "0");
    LifecycleCli.Run app =
        gitops("history", "--repo", repo.toString(), "--branch", "main", "--app", "a/b");
    LifecycleCli.Run missing =
        gitops("status", "--repo", tmp.resolve("none").toString(), "--branch", "main");

    assertThat(limit.exitCode()).isEqualTo(2);
    assertThat(limit.stderr()).contains("--limit must be at least 1");
    assertThat(app.exitCode()).isEqualTo(2);
    assertThat(app.stderr()).contains("app 'a/b'");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.stderr()).contains("does not exist").doesNotContain("Exception");
  }
}
