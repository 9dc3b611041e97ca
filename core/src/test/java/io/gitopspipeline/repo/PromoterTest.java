package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Progress;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromoterTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private Promoter promoter;
  private final List<Progress> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    promoter =
        new Promoter(
            quickRetries(PromoterSettings.defaults().withWorkDirectory(tmp.resolve("work"))));
  }

  static PromoterSettings quickRetries(PromoterSettings settings) {
    return new PromoterSettings(
        settings.workDirectory(),
        settings.cacheDirectory(),
        settings.maxAttempts(),
        Duration.ofMillis(5),
        Duration.ofMillis(50),
        settings.networkTimeout());
  }

  private Path rendered(String name, String... pathsAndContents) throws Exception {
    Path dir = tmp.resolve("rendered-" + name);
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      GitCli.write(dir.resolve(pathsAndContents[i]), pathsAndContents[i + 1]);
    }
    Files.createDirectories(dir);
    return dir;
  }

  private PromotionResult promote(Promotion promotion) throws GitOpsException {
    return promoter.promote(promotion, progress::add);
  }

  private List<String> filesOn(String branch, String path) {
    String out = git.run(remote, "ls-tree", "-r", "--name-only", branch, "--", path);
    return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apps/git~1/{app}",
        "apps/.git /{app}",
        "apps/.gitmodules/{app}",
        "apps/.gitattributes",
        "apps/gitmod~1/{app}",
        "apps/.git\u200cmodules/{app}"
      })
  void aPathGitWouldRejectIsInvalidInputAndLeavesTheRemoteClean(String template) throws Exception {
    String before = git.run(remote, "rev-parse", "main").strip();
    Path from = rendered("v1", "deployment.yaml", "kind: Deployment\n");

    assertThatThrownBy(
            () ->
                promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", from)
                        .withPathTemplate(template)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid segment");
    assertThat(git.run(remote, "rev-parse", "main").strip()).isEqualTo(before);
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void namesCloseToGitsOwnMakeATreeGitFsckAccepts() throws Exception {
    Path from =
        rendered("v1", "deployment.yaml", "kind: Deployment\n", ".gitattributes", "*.yaml text\n");

    promote(
        Promotion.of(remote.toString(), "main", "web", "dev", from)
            .withPathTemplate("apps/.github/gitmodules/git~2/{app}"));

    assertThat(filesOn("main", "apps"))
        .containsExactly(
            "apps/.github/gitmodules/git~2/web/.gitattributes",
            "apps/.github/gitmodules/git~2/web/deployment.yaml");
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void writesTheRenderedManifestsIntoTheDefaultLayoutAndReportsTheCommit() throws Exception {
    Path from =
        rendered(
            "v1", "deployment.yaml", "kind: Deployment\n", "svc/service.yaml", "kind: Service\n");

    PromotionResult result = promote(Promotion.of(remote.toString(), "main", "web", "dev", from));

    assertThat(result.changed()).isTrue();
    assertThat(result.branch()).isEqualTo("main");
    assertThat(result.commit()).isEqualTo(git.run(remote, "rev-parse", "main").strip());
    assertThat(result.files().added())
        .containsExactly("apps/web/dev/deployment.yaml", "apps/web/dev/svc/service.yaml");
    assertThat(git.run(remote, "show", "main:apps/web/dev/deployment.yaml"))
        .isEqualTo("kind: Deployment\n");
    assertThat(git.run(remote, "show", "main:README.md")).isEqualTo("# GitOps\n");
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void makesTheAppDirectoryEqualTheRenderedOutputAddingModifyingAndDeleting() throws Exception {
    promote(
        Promotion.of(
            remote.toString(),
            "main",
            "web",
            "dev",
            rendered("v1", "a.yaml", "a: 1\n", "b.yaml", "b: 1\n", "old/c.yaml", "c: 1\n")));

    PromotionResult result =
        promote(
            Promotion.of(
                remote.toString(),
                "main",
                "web",
                "dev",
                rendered("v2", "a.yaml", "a: 1\n", "b.yaml", "b: 2\n", "new.yaml", "n: 1\n")));

    assertThat(result.files().added()).containsExactly("apps/web/dev/new.yaml");
    assertThat(result.files().modified()).containsExactly("apps/web/dev/b.yaml");
    assertThat(result.files().removed()).containsExactly("apps/web/dev/old/c.yaml");
    assertThat(filesOn("main", "apps/web/dev"))
        .containsExactly("apps/web/dev/a.yaml", "apps/web/dev/b.yaml", "apps/web/dev/new.yaml");
  }

  @Test
  void runningTheSamePromotionTwiceGivesOneCommit() throws Exception {
    Promotion promotion =
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a: 1\n"));
    PromotionResult first = promote(promotion);

    PromotionResult second = promote(promotion);

    assertThat(second.changed()).isFalse();
    assertThat(second.commit()).isEqualTo(first.commit());
    assertThat(second.files().count()).isZero();
    assertThat(git.run(remote, "rev-list", "--count", "main").strip()).isEqualTo("2");
    assertThat(progress).anyMatch(p -> p.message().contains("already up to date"));
  }

  @Test
  void leavesOtherAppsAndEnvironmentsAlone() throws Exception {
    promote(Promotion.of(remote.toString(), "main", "web", "prod", rendered("p", "a.yaml", "p\n")));
    promote(Promotion.of(remote.toString(), "main", "api", "dev", rendered("q", "a.yaml", "q\n")));

    promote(Promotion.of(remote.toString(), "main", "web", "dev", rendered("d", "a.yaml", "d\n")));

    assertThat(filesOn("main", "apps"))
        .containsExactly("apps/api/dev/a.yaml", "apps/web/dev/a.yaml", "apps/web/prod/a.yaml");
  }

  @Test
  void commitCarriesTheMessageIdentitiesAndTraceabilityTrailers() throws Exception {
    Promotion promotion =
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n"))
            .withMessageTemplate("deploy {app} {shortSourceCommit} to {env}")
            .withAuthor(GitIdentity.of("Build Bot", "bot@example.com"))
            .withCommitter(GitIdentity.of("Jenkins", "jenkins@example.com"))
            .withSource(
                new SourceInfo(
                    "registry.example.com/web:1.2.3",
                    "https://git.example.com/web.git",
                    "0123456789abcdef0123456789abcdef01234567",
                    "https://jenkins.example.com/job/web/42/"));

    promote(promotion);

    assertThat(git.run(remote, "log", "-1", "--format=%s", "main").strip())
        .isEqualTo("deploy web 0123456 to dev");
    assertThat(git.run(remote, "log", "-1", "--format=%an <%ae>|%cn <%ce>", "main").strip())
        .isEqualTo("Build Bot <bot@example.com>|Jenkins <jenkins@example.com>");
    assertThat(git.run(remote, "log", "-1", "--format=%(trailers:only,unfold)", "main").strip())
        .isEqualTo(
            String.join(
                "\n",
                "GitOps-App: web",
                "GitOps-Environment: dev",
                "GitOps-Image: registry.example.com/web:1.2.3",
                "GitOps-Source-Repository: https://git.example.com/web.git",
                "GitOps-Source-Commit: 0123456789abcdef0123456789abcdef01234567",
                "GitOps-Build-URL: https://jenkins.example.com/job/web/42/"));
  }

  @Test
  void pathTemplatePlacesTheAppWhereTheUserWants() throws Exception {
    promote(
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n"))
            .withPathTemplate("clusters/{env}/apps/{app}/"));

    assertThat(filesOn("main", "clusters")).containsExactly("clusters/dev/apps/web/a.yaml");
  }

  @Test
  void writesExtraFilesBesideTheManifests() throws Exception {
    Path values = tmp.resolve("values-dev.yaml");
    Files.writeString(values, "replicas: 2\n");
    Path chart = rendered("chart", "Chart.yaml", "name: web\n", "templates/d.yaml", "kind: D\n");

    PromotionResult result =
        promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n"))
                .withExtraFiles(
                    List.of(
                        new ExtraFiles(values, "sources/{app}/values-{env}.yaml"),
                        new ExtraFiles(chart, "sources/{app}/chart"))));

    assertThat(result.files().added())
        .containsExactly(
            "apps/web/dev/a.yaml",
            "sources/web/chart/Chart.yaml",
            "sources/web/chart/templates/d.yaml",
            "sources/web/values-dev.yaml");
  }

  @Test
  void createsTheEmbeddedDefaultRepositoryForALocalPathThatDoesNotExist() throws Exception {
    Path fresh = tmp.resolve("new/gitops.git");

    PromotionResult result =
        promote(
            Promotion.of(
                fresh.toString(), "env/dev", "web", "dev", rendered("v1", "a.yaml", "a\n")));

    assertThat(result.changed()).isTrue();
    assertThat(git.run(fresh, "rev-parse", "--is-bare-repository").strip()).isEqualTo("true");
    assertThat(git.run(fresh, "log", "--format=%s", "env/dev").strip().split("\n"))
        .containsExactly("Promote web to dev", "Initialize GitOps repository");
    Path clone = tmp.resolve("clone");
    git.run(tmp, "clone", "-q", fresh.toString(), clone.toString());
    assertThat(clone.resolve("apps/web/dev/a.yaml")).hasContent("a");
  }

  @Test
  void acceptsFileUrls() throws Exception {
    PromotionResult result =
        promote(
            Promotion.of(
                remote.toUri().toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n")));

    assertThat(result.commit()).isEqualTo(git.run(remote, "rev-parse", "main").strip());
  }

  @Test
  void reappliesTheChangeOnTheNewTipWhenTheBranchMovedBeforeThePush() throws Exception {
    Path other = tmp.resolve("other");
    git.run(tmp, "clone", "-q", remote.toString(), other.toString());
    AtomicBoolean raced = new AtomicBoolean();
    ProgressListener racer =
        p -> {
          if (p.message().startsWith("pushing") && raced.compareAndSet(false, true)) {
            GitCli.write(other.resolve("apps/api/dev/x.yaml"), "x\n");
            git.run(other, "add", "-A");
            git.run(other, "commit", "-q", "-m", "someone else");
            git.run(other, "push", "-q", "origin", "main");
          }
          progress.add(p);
        };

    PromotionResult result =
        promoter.promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n")),
            racer);

    assertThat(raced).isTrue();
    assertThat(git.run(remote, "log", "--format=%s", "main").strip().split("\n"))
        .containsExactly("Promote web to dev", "someone else", "Initial commit");
    assertThat(git.run(remote, "rev-list", "--merges", "main")).isBlank();
    assertThat(result.commit()).isEqualTo(git.run(remote, "rev-parse", "main").strip());
    assertThat(filesOn("main", "apps"))
        .containsExactly("apps/api/dev/x.yaml", "apps/web/dev/a.yaml");
    assertThat(progress).anyMatch(p -> p.message().contains("moved on the remote"));
  }

  @Test
  void givesUpAfterTheBoundWhenTheBranchKeepsMovingAndPushesNothing() throws Exception {
    Path other = tmp.resolve("other");
    git.run(tmp, "clone", "-q", remote.toString(), other.toString());
    Promoter stubborn = new Promoter(quickRetries(PromoterSettings.defaults().withMaxAttempts(3)));
    ProgressListener racer =
        p -> {
          if (p.message().startsWith("pushing")) {
            GitCli.write(other.resolve("counter.txt"), p.message());
            git.run(other, "commit", "-q", "-a", "-m", "move", "--allow-empty");
            git.run(other, "add", "-A");
            git.run(other, "commit", "-q", "--amend", "--no-edit");
            git.run(other, "push", "-q", "origin", "HEAD:main");
          }
        };

    assertThatThrownBy(
            () ->
                stubborn.promote(
                    Promotion.of(
                        remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n")),
                    racer))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("main moved on the remote");
    assertThat(filesOn("main", "apps")).isEmpty();
  }

  @Test
  void branchModeProposesTheChangeOnTheDeterministicPromotionBranch() throws Exception {
    String mainBefore = git.run(remote, "rev-parse", "main").strip();
    Promotion promotion =
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n"))
            .withMode(PushMode.BRANCH);

    PromotionResult first = promote(promotion);
    PromotionResult again = promote(promotion);

    assertThat(first.branch()).isEqualTo("gitops/dev/web");
    assertThat(git.run(remote, "rev-parse", "main").strip()).isEqualTo(mainBefore);
    assertThat(git.run(remote, "rev-parse", "gitops/dev/web").strip()).isEqualTo(first.commit());
    assertThat(git.run(remote, "rev-parse", "gitops/dev/web^").strip()).isEqualTo(mainBefore);
    assertThat(again.changed()).isFalse();
    assertThat(again.commit()).isEqualTo(first.commit());
  }

  @Test
  void branchModeReplacesTheProposalWithANewerBuildOnTheCurrentTip() throws Exception {
    promote(
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "1\n"))
            .withMode(PushMode.BRANCH));
    promote(
        Promotion.of(remote.toString(), "main", "api", "dev", rendered("api", "a.yaml", "x\n")));
    String mainTip = git.run(remote, "rev-parse", "main").strip();

    PromotionResult newer =
        promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("v2", "a.yaml", "2\n"))
                .withMode(PushMode.BRANCH));

    assertThat(newer.changed()).isTrue();
    assertThat(git.run(remote, "rev-parse", "gitops/dev/web^").strip()).isEqualTo(mainTip);
    assertThat(git.run(remote, "show", "gitops/dev/web:apps/web/dev/a.yaml")).isEqualTo("2\n");
  }

  @Test
  void branchModeReportsTheEnvironmentBranchWhenItAlreadyHoldsTheChange() throws Exception {
    Path from = rendered("v1", "a.yaml", "1\n");
    PromotionResult direct = promote(Promotion.of(remote.toString(), "main", "web", "dev", from));

    PromotionResult proposal =
        promote(
            Promotion.of(remote.toString(), "main", "web", "dev", from).withMode(PushMode.BRANCH));

    assertThat(proposal.changed()).isFalse();
    assertThat(proposal.branch()).isEqualTo("main");
    assertThat(proposal.commit()).isEqualTo(direct.commit());
    assertThat(git.run(remote, "branch", "--list", "gitops/*")).isBlank();
  }

  @Test
  void aWarmPromotionFetchesIntoTheCacheInsteadOfCloning() throws Exception {
    Path cache = tmp.resolve("cache");
    Promoter cached =
        new Promoter(quickRetries(PromoterSettings.defaults().withCacheDirectory(cache)));
    cached.promote(
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "1\n")),
        ProgressListener.NONE);
    promote(
        Promotion.of(remote.toString(), "main", "api", "dev", rendered("api", "a.yaml", "x\n")));

    PromotionResult warm =
        cached.promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("v2", "a.yaml", "2\n")),
            progress::add);

    assertThat(warm.commit()).isEqualTo(git.run(remote, "rev-parse", "main").strip());
    assertThat(filesOn("main", "apps"))
        .containsExactly("apps/api/dev/a.yaml", "apps/web/dev/a.yaml");
    try (var entries = Files.list(cache)) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("remote-") && name.endsWith(".git"));
    }
    assertThat(progress).anyMatch(p -> p.message().startsWith("using the cache"));
  }

  @Test
  void aCacheLeftLockedByAKilledPromotionStillWorks() throws Exception {
    Path cache = tmp.resolve("cache");
    Promoter cached =
        new Promoter(quickRetries(PromoterSettings.defaults().withCacheDirectory(cache)));
    cached.promote(
        Promotion.of(remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "1\n")),
        ProgressListener.NONE);
    promote(
        Promotion.of(remote.toString(), "main", "api", "dev", rendered("api", "a.yaml", "x\n")));
    Path gitDir;
    try (var entries = Files.list(cache)) {
      gitDir = entries.filter(p -> p.toString().endsWith(".git")).findFirst().orElseThrow();
    }
    Files.writeString(gitDir.resolve("refs/remotes/origin/main.lock"), "");
    Files.writeString(gitDir.resolve("shallow.lock"), "");

    PromotionResult result =
        cached.promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("v2", "a.yaml", "2\n")),
            ProgressListener.NONE);

    assertThat(result.commit()).isEqualTo(git.run(remote, "rev-parse", "main").strip());
    assertThat(gitDir.resolve("refs/remotes/origin/main.lock")).doesNotExist();
    assertThat(gitDir.resolve("shallow.lock")).doesNotExist();
    assertThat(git.run(gitDir, "rev-parse", "refs/remotes/origin/main").strip())
        .as("the cache's view of main was updated despite the stale lock")
        .isEqualTo(git.run(remote, "rev-parse", "main^").strip());
  }

  @Test
  void rejectsNamesAndPathsThatWouldEscapeOrCorruptTheTree() throws Exception {
    Path from = rendered("v1", "a.yaml", "a\n");

    assertThatThrownBy(() -> promote(Promotion.of(remote.toString(), "main", "../x", "dev", from)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("app '../x'");
    assertThatThrownBy(
            () ->
                promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", from)
                        .withPathTemplate("apps/../../{app}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'..'");
    assertThatThrownBy(
            () ->
                promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", from)
                        .withPathTemplate(".git/{app}")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", from)
                        .withPathTemplate("apps/{application}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("{application}");
    assertThatThrownBy(() -> promote(Promotion.of(remote.toString(), "ma..in", "web", "dev", from)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("branch 'ma..in'");
    assertThatThrownBy(
            () ->
                promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", from)
                        .withMessageTemplate("deploy {version}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("{version}");
  }

  @Test
  void refusesAnEmptyRenderedDirectoryInsteadOfDeletingTheApp() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    assertThatThrownBy(() -> promote(Promotion.of(remote.toString(), "main", "web", "dev", empty)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("holds no files");
  }

  @Test
  void refusesSymbolicLinksInTheRenderedDirectory() throws Exception {
    Path from = rendered("v1", "a.yaml", "a\n");
    Files.createSymbolicLink(from.resolve("passwd"), Path.of("/etc/passwd"));

    assertThatThrownBy(() -> promote(Promotion.of(remote.toString(), "main", "web", "dev", from)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void failsClearlyWhenTheBranchDoesNotExist() throws Exception {
    Path from = rendered("v1", "a.yaml", "a\n");

    assertThatThrownBy(() -> promote(Promotion.of(remote.toString(), "prod", "web", "dev", from)))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("branch prod does not exist");
  }

  @Test
  void refusesToReplaceAFileWithTheAppDirectory() throws Exception {
    Path seed = tmp.resolve("seed");
    GitCli.write(seed.resolve("apps/web"), "a file\n");
    git.run(seed, "add", "-A");
    git.run(seed, "commit", "-q", "-m", "file in the way");
    git.run(seed, "push", "-q", remote.toString(), "main");

    assertThatThrownBy(
            () ->
                promote(
                    Promotion.of(
                        remote.toString(), "main", "web", "dev", rendered("v1", "a.yaml", "a\n"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'apps/web' is a file");
  }
}
