package io.gitopspipeline.cli.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.testing.TestTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoteCommandTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path tmp;

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run gitops(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path rendered(String content) throws Exception {
    Path dir = tmp.resolve("rendered");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("deployment.yaml"), content);
    return dir;
  }

  private String[] promote(Path repo, Path from, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--output",
                "json",
                "promote",
                "--repo",
                repo.toString(),
                "--branch",
                "main",
                "--app",
                "web",
                "--env",
                "dev",
                "--from",
                from.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(TestTools.require("git").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void promotesIntoTheEmbeddedDefaultAndPrintsTheContractJson() throws Exception {
    Path repo = tmp.resolve("gitops.git");

    Run run =
        gitops(
            promote(
                repo,
                rendered("kind: Deployment\n"),
                "--image",
                "registry.example.com/web:1.0.0",
                "--source-repo",
                "https://git.example.com/web.git",
                "--source-commit",
                "0123456789abcdef0123456789abcdef01234567",
                "--build-url",
                "https://ci.example.com/job/web/1/"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.fieldNames())
        .toIterable()
        .containsExactly("changed", "commit", "branch", "files");
    assertThat(result.get("changed").asBoolean()).isTrue();
    assertThat(result.get("branch").asText()).isEqualTo("main");
    assertThat(result.get("commit").asText()).isEqualTo(git(repo, "rev-parse", "main").strip());
    assertThat(result.get("files").fieldNames())
        .toIterable()
        .containsExactly("added", "modified", "removed");
    assertThat(result.get("files").get("added").get(0).asText())
        .isEqualTo("apps/web/dev/deployment.yaml");
    assertThat(git(repo, "log", "-1", "--format=%(trailers:key=GitOps-Image,valueonly)", "main"))
        .contains("registry.example.com/web:1.0.0");
    assertThat(run.stderr()).contains("[repo]");
  }

  @Test
  void aSecondRunReportsAlreadyUpToDate() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    Path from = rendered("kind: Deployment\n");
    gitops(promote(repo, from));

    Run json = gitops(promote(repo, from));
    String[] textArgs = promote(repo, from);
    textArgs[1] = "text";
    Run text = gitops(textArgs);

    assertThat(this.json.readTree(json.stdout()).get("changed").asBoolean()).isFalse();
    assertThat(text.stdout()).startsWith("already up to date: main is at ");
  }

  @Test
  void branchModePushesThePromotionBranch() throws Exception {
    Path repo = tmp.resolve("gitops.git");
    gitops(promote(repo, rendered("v: 1\n")));

    Run run = gitops(promote(repo, rendered("v: 2\n"), "--mode", "branch"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(json.readTree(run.stdout()).get("branch").asText()).isEqualTo("gitops/dev/web");
    assertThat(json.readTree(run.stdout()).get("files").get("modified").get(0).asText())
        .isEqualTo("apps/web/dev/deployment.yaml");
  }

  @Test
  void badInputExitsTwoNamingTheOffendingPart() throws Exception {
    Run run = gitops(promote(tmp.resolve("gitops.git"), rendered("a\n"), "--path", "../{app}"));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(json.readTree(run.stdout()).get("error").get("message").asText())
        .contains("path template '../{app}'");
  }

  @Test
  void aPathWithANameGitReadsAsDotGitExitsTwo() throws Exception {
    for (String path : List.of("apps/git~1/x", "apps/.git /x", "apps/.gitmodules/x")) {
      Run run = gitops(promote(tmp.resolve("gitops.git"), rendered("a\n"), "--path", path));

      assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
      assertThat(json.readTree(run.stdout()).get("error").get("message").asText())
          .contains("path template '" + path + "'")
          .doesNotContain("internal error");
    }
  }

  @Test
  void aTokenFileIsNotPrintedAndConflictingCredentialsAreRefused() throws Exception {
    Path token = tmp.resolve("token");
    Files.writeString(token, "tok-123\n");
    Path key = tmp.resolve("key");
    Files.writeString(key, "not a key");

    Run run =
        gitops(
            promote(
                tmp.resolve("gitops.git"),
                rendered("a\n"),
                "--token-file",
                token.toString(),
                "--ssh-key",
                key.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout() + run.stderr()).contains("--ssh-key").doesNotContain("tok-123");
  }

  @Test
  void credentialsInSourceAndBuildUrlsNeverReachTheCommit() throws Exception {
    Path repo = tmp.resolve("gitops.git");

    Run run =
        gitops(
            promote(
                repo,
                rendered("a\n"),
                "--source-repo",
                "https://ci-bot:tok-source-123@git.example.com/org/web.git",
                "--build-url",
                "https://tok-build-456@ci.example.com/job/web/7/",
                "--message",
                "Promote {app} from {sourceRepository}"));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String log = git(repo, "log", "-1", "--format=%B", "main");
    assertThat(log)
        .doesNotContain("tok-source-123")
        .doesNotContain("tok-build-456")
        .contains("Promote web from https://git.example.com/org/web.git")
        .contains("GitOps-Build-URL: https://ci.example.com/job/web/7/");
  }

  @Test
  void aTokenGivenAsTheUrlUserIsMaskedInTextAndJsonErrors() throws Exception {
    String url = "http://tok-user-789@127.0.0.1:1/org/gitops.git";
    String[] args = promote(tmp.resolve("unused"), rendered("a\n"));
    args[4] = url;

    Run jsonRun = gitops(args);
    Run textRun = gitops(java.util.Arrays.copyOfRange(args, 2, args.length));

    assertThat(jsonRun.exitCode()).isNotZero();
    assertThat(json.readTree(jsonRun.stdout()).get("error").get("message").asText())
        .contains("http://***@127.0.0.1:1/org/gitops.git");
    assertThat(textRun.exitCode()).isNotZero();
    assertThat(textRun.stderr()).contains("http://***@127.0.0.1:1/org/gitops.git");
    for (Run run : List.of(jsonRun, textRun)) {
      assertThat(run.stdout() + run.stderr()).doesNotContain("tok-user-789");
    }
  }

  @Test
  void aUsageErrorEchoingAUrlMasksItsUserInfo() throws Exception {
    List<String> args =
        new ArrayList<>(List.of(promote(tmp.resolve("gitops.git"), rendered("a\n"))));
    args.add("https://tok-arg-321@git.example.com/x.git");
    Run run = gitops(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stdout() + run.stderr())
        .contains("https://***@git.example.com/x.git")
        .doesNotContain("tok-arg-321");
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    Run run = gitops("promote", "--repo", "x", "--branch", "main");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--app").contains("gitops promote --help");
  }

  @Test
  void aBatchPromotesEveryListedAppWithOneCommitEach() throws Exception {
    StringBuilder yaml = new StringBuilder("promotions:\n");
    for (int i = 0; i < 5; i++) {
      Path dir = Files.createDirectories(tmp.resolve("train/app" + i));
      Files.writeString(dir.resolve("deployment.yaml"), "name: app" + i + "\n");
      yaml.append("  - app: app")
          .append(i)
          .append("\n    env: prod\n    from: app")
          .append(i)
          .append("\n    image: registry.example.com/app")
          .append(i)
          .append(":2.0.0\n");
    }
    Path file = tmp.resolve("train/release.yaml");
    Files.writeString(file, yaml);
    Path repo = tmp.resolve("gitops.git");
    Path seed = rendered("seed\n");
    assertThat(gitops(promote(repo, seed)).exitCode()).isZero();

    Run run =
        gitops(
            "--output",
            "json",
            "promote",
            "--repo",
            repo.toString(),
            "--branch",
            "main",
            "--batch",
            file.toString());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = json.readTree(run.stdout());
    assertThat(result.get("failed").asInt()).isZero();
    assertThat(result.get("promotions")).hasSize(5);
    result.get("promotions").forEach(p -> assertThat(p.get("changed").asBoolean()).isTrue());
    assertThat(git(repo, "rev-list", "--count", "main").strip()).isEqualTo("7");
    assertThat(
            git(
                repo,
                "log",
                "-5",
                "--format=%(trailers:key=GitOps-App,valueonly,separator=)|"
                    + "%(trailers:key=GitOps-Image,valueonly,separator=)",
                "main"))
        .contains("app0|registry.example.com/app0:2.0.0")
        .contains("app4|registry.example.com/app4:2.0.0");
  }

  @Test
  void aBatchFileWithAnUnknownKeyIsRefusedNamingTheEntryAndKey() throws Exception {
    Path file = tmp.resolve("release.yaml");
    Files.writeString(
        file,
        "promotions:\n  - app: web\n    env: dev\n    from: x\n  - app: api\n    envv: dev\n");

    Run run =
        gitops(
            "promote",
            "--repo",
            tmp.resolve("g.git").toString(),
            "--branch",
            "main",
            "--batch",
            file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("promotion 2 of").contains("'envv'");
    assertThat(tmp.resolve("g.git")).doesNotExist();
  }

  @Test
  void aBatchWithAppOptionsIsRefused() throws Exception {
    Path file = tmp.resolve("release.yaml");
    Files.writeString(file, "promotions:\n  - app: web\n    env: dev\n    from: x\n");

    Run run = gitops(promote(tmp.resolve("g.git"), rendered("x\n"), "--batch", file.toString()));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--batch").contains("drop --app");
  }
}
