package io.gitopspipeline.cli.lifecycle;

import static io.gitopspipeline.cli.lifecycle.LifecycleCli.gitops;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackCommandTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;
  private Path repo;
  private String first;
  private String api;
  private String second;

  @BeforeEach
  void setUp() throws Exception {
    repo = tmp.resolve("gitops.git");
    LifecycleCli cli = new LifecycleCli(tmp);
    first = commit(cli.promote(repo, "web", "dev", "web:1", "https://ci/1"));
    api = commit(cli.promote(repo, "api", "dev", "api:1", "https://ci/a"));
    second = commit(cli.promote(repo, "web", "dev", "web:2", "https://ci/2"));
  }

  private String commit(LifecycleCli.Run run) throws Exception {
    return json.readTree(run.stdout()).get("commit").asText();
  }

  private LifecycleCli.Run rollback(String... target) {
    String[] base = {
      "--output",
      "json",
      "rollback",
      "--repo",
      repo.toString(),
      "--branch",
      "main",
      "--app",
      "web",
      "--env",
      "dev"
    };
    String[] args = new String[base.length + target.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(target, 0, args, base.length, target.length);
    return gitops(args);
  }

  @Test
  void rollsBackOneStepAndPrintsPromotesResultWithTheRollback() throws Exception {
    LifecycleCli.Run run = rollback("--steps", "1");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("changed").asBoolean()).isTrue();
    assertThat(result.get("branch").asText()).isEqualTo("main");
    assertThat(result.get("files").get("added").toString()).contains("only-web-1.yaml");
    assertThat(result.get("files").get("removed").toString()).contains("only-web-2.yaml");
    assertThat(result.get("rollback").get("target").get("commit").asText()).isEqualTo(first);
    assertThat(result.get("rollback").get("rollbackOf").asText()).isEqualTo(second);

    LifecycleCli.Run history =
        gitops("history", "--repo", repo.toString(), "--branch", "main", "--app", "web");
    assertThat(history.stdout().lines().skip(1).findFirst().orElseThrow())
        .contains("web:1")
        .contains("rollback of " + second.substring(0, 7));
  }

  @Test
  void rollingBackToTheCurrentStateSaysSoAndChangesNothing() {
    LifecycleCli.Run run =
        gitops(
            "rollback",
            "--repo",
            repo.toString(),
            "--branch",
            "main",
            "--app",
            "web",
            "--env",
            "dev",
            "--to-image",
            "web:2");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).startsWith("nothing to roll back: web in dev already is as of");
  }

  @Test
  void badTargetsExitTwoWithAClearMessage() {
    LifecycleCli.Run unknown = rollback("--to", "0000000");
    LifecycleCli.Run other = rollback("--to", api);
    LifecycleCli.Run beyond = rollback("--steps", "5");
    LifecycleCli.Run none = rollback();

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("--to 0000000 is not a commit of main");
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.stderr()).contains("is a promotion of api in dev, not of web in dev");
    assertThat(beyond.exitCode()).isEqualTo(2);
    assertThat(beyond.stderr()).contains("--steps 5 goes beyond the history of web in dev");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.stderr()).contains("exactly one of --to COMMIT, --steps N or --to-image");
    assertThat(unknown.stderr() + other.stderr() + beyond.stderr()).doesNotContain("Exception");
  }
}
