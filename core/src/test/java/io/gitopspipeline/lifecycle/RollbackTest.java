package io.gitopspipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.DirectoryMovedException;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollbacks planned from history and pushed by the real Promoter, checked with the git CLI. */
class RollbackTest {
  @TempDir Path tmp;
  private GitOpsRepo repo;
  private String v1;
  private String api;
  private String v2;

  @BeforeEach
  void setUp() throws Exception {
    repo = new GitOpsRepo(tmp);
    v1 =
        repo.promote(
                "web",
                "dev",
                "web:1",
                "build-1",
                PushMode.DIRECT,
                Map.of("a.yaml", "a: 1\n", "b.yaml", "b: 1\n", "sub/c.yaml", "c: 1\n"))
            .commit();
    api = repo.promote("api", "dev", "api:1", "build-a", PushMode.DIRECT).commit();
    v2 =
        repo.promote(
                "web",
                "dev",
                "web:2",
                "build-2",
                PushMode.DIRECT,
                Map.of("a.yaml", "a: 2\n", "d.yaml", "d: 2\n"))
            .commit();
  }

  private Rollback.Request request(RollbackTarget target) {
    return new Rollback.Request(
        repo.url(), "main", "web", "dev", null, null, target, "https://ci/rollback/7");
  }

  private PromotionResult rollBack(RollbackTarget target, PushMode mode) throws Exception {
    try (Rollback.Plan plan =
        new Rollback(PromoterSettings.defaults()).plan(request(target), ProgressListener.NONE)) {
      return GitOpsRepo.promoter().promote(plan.promotion().withMode(mode), ProgressListener.NONE);
    }
  }

  @Test
  void restoresTheOldTreeByteForByteIncludingDeletedAndAddedFiles() throws Exception {
    PromotionResult result = rollBack(new RollbackTarget.Steps(1), PushMode.DIRECT);

    assertThat(result.changed()).isTrue();
    assertThat(repo.run(repo.bare, "rev-parse", "main:apps/web/dev"))
        .isEqualTo(repo.run(repo.bare, "rev-parse", v1 + ":apps/web/dev"));
    assertThat(repo.run(repo.bare, "ls-tree", "-r", "--name-only", "main", "apps/web/dev"))
        .isEqualTo("apps/web/dev/a.yaml\napps/web/dev/b.yaml\napps/web/dev/sub/c.yaml\n");
    assertThat(repo.run(repo.bare, "rev-parse", "main:apps/api/dev"))
        .isEqualTo(repo.run(repo.bare, "rev-parse", api + ":apps/api/dev"));
    String trailers = repo.run(repo.bare, "log", "-1", "--format=%(trailers:only,unfold)", "main");
    assertThat(trailers)
        .contains("GitOps-App: web")
        .contains("GitOps-Environment: dev")
        .contains("GitOps-Image: web:1")
        .contains("GitOps-Source-Commit: " + GitOpsRepo.sha("build-1"))
        .contains("GitOps-Build-URL: https://ci/rollback/7")
        .contains("GitOps-Rollback-Of: " + v2);
    assertThat(repo.run(repo.bare, "log", "-1", "--format=%s", "main"))
        .isEqualTo("Roll back web in dev to web:1\n");

    List<PromotionRecord> history =
        new PromotionHistory(PromoterSettings.defaults())
            .history(
                HistoryQuery.of(repo.url(), "main").forApp("web", "dev"), ProgressListener.NONE);
    assertThat(history.get(0).isRollback()).isTrue();
    assertThat(history.get(0).rollbackOf()).isEqualTo(v2);
    assertThat(history.get(0).image()).isEqualTo("web:1");
  }

  @Test
  void rollingBackToTheStateAlreadyThereIsANoOp() throws Exception {
    String before = repo.main();

    PromotionResult result =
        rollBack(new RollbackTarget.ToCommit(v2.substring(0, 8)), PushMode.DIRECT);

    assertThat(result.changed()).isFalse();
    assertThat(repo.main()).isEqualTo(before);
  }

  @Test
  void rollsBackToANamedImage() throws Exception {
    rollBack(new RollbackTarget.ToImage("web:1"), PushMode.DIRECT);

    assertThat(repo.run(repo.bare, "show", "main:apps/web/dev/a.yaml")).isEqualTo("a: 1\n");
  }

  @Test
  void inBranchModeTheRollbackIsProposedOnThePromotionBranchAndReplacedNotDuplicated()
      throws Exception {
    PromotionResult first = rollBack(new RollbackTarget.Steps(1), PushMode.BRANCH);
    assertThat(first.branch()).isEqualTo("gitops/dev/web");
    assertThat(repo.main()).isEqualTo(v2);

    PromotionResult again = rollBack(new RollbackTarget.Steps(1), PushMode.BRANCH);

    assertThat(again.changed()).isFalse();
    assertThat(again.commit()).isEqualTo(first.commit());
    assertThat(repo.run(repo.bare, "branch", "--list", "gitops/*")).isEqualTo("  gitops/dev/web\n");
  }

  @Test
  void aPromotionLandingBetweenPlanAndPushIsKept() throws Exception {
    try (Rollback.Plan plan =
        new Rollback(PromoterSettings.defaults())
            .plan(request(new RollbackTarget.Steps(1)), ProgressListener.NONE)) {
      String other = repo.promote("api", "dev", "api:2", "build-b", PushMode.DIRECT).commit();

      GitOpsRepo.promoter().promote(plan.promotion(), ProgressListener.NONE);

      assertThat(repo.run(repo.bare, "rev-parse", "main^")).isEqualTo(other + "\n");
      assertThat(repo.run(repo.bare, "show", "main:apps/api/dev/deployment.yaml"))
          .contains("api:2");
      assertThat(repo.run(repo.bare, "show", "main:apps/web/dev/a.yaml")).isEqualTo("a: 1\n");
      Path restored = plan.promotion().renderedDirectory();
      assertThat(restored).exists();
      plan.close();
      assertThat(Files.exists(restored)).isFalse();
    }
  }

  @Test
  void aTargetThatIsNotAPromotionOfThisEnvironmentIsRefusedClearly() {
    Rollback rollback = new Rollback(PromoterSettings.defaults());

    assertThatThrownBy(
            () ->
                rollback.plan(
                    request(new RollbackTarget.ToCommit("deadbeef")), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--to deadbeef is not a commit of main");
    assertThatThrownBy(
            () -> rollback.plan(request(new RollbackTarget.ToCommit(api)), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is a promotion of api in dev, not of web in dev");
    assertThatThrownBy(
            () -> rollback.plan(request(new RollbackTarget.Steps(2)), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--steps 2 goes beyond the history of web in dev")
        .hasMessageContaining("1 earlier promotion");
    assertThatThrownBy(
            () ->
                rollback.plan(request(new RollbackTarget.ToImage("web:9")), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'web:9'");
    assertThatThrownBy(() -> RollbackTarget.of("abc1", 1, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exactly one of --to COMMIT, --steps N or --to-image REF");
  }

  @Test
  void undoRestoresThePromotionBeforeTheOneUndone() throws Exception {
    PromotionResult result = rollBack(new RollbackTarget.Undo(v2), PushMode.DIRECT);

    assertThat(result.changed()).isTrue();
    assertThat(repo.run(repo.bare, "rev-parse", "main:apps/web/dev"))
        .isEqualTo(repo.run(repo.bare, "rev-parse", v1 + ":apps/web/dev"));
    assertThat(repo.run(repo.bare, "rev-parse", "main:apps/api/dev"))
        .isEqualTo(repo.run(repo.bare, "rev-parse", api + ":apps/api/dev"));
    assertThat(repo.run(repo.bare, "log", "-1", "--format=%(trailers:only,unfold)", "main"))
        .contains("GitOps-Image: web:1")
        .contains("GitOps-Rollback-Of: " + v2);
  }

  @Test
  void undoNamesAMergedPullRequestByItsMergeOrItsPromotionCommit() throws Exception {
    String proposed =
        repo.promote("web", "dev", "web:3", "build-3", PushMode.BRANCH, Map.of("a.yaml", "a: 3\n"))
            .commit();
    String merge = repo.mergePullRequest("gitops/dev/web");

    try (Rollback.Plan byMerge =
            new Rollback(PromoterSettings.defaults())
                .plan(request(new RollbackTarget.Undo(merge)), ProgressListener.NONE);
        Rollback.Plan byPromotion =
            new Rollback(PromoterSettings.defaults())
                .plan(request(new RollbackTarget.Undo(proposed)), ProgressListener.NONE)) {
      assertThat(byMerge.target().commit()).isEqualTo(v2);
      assertThat(byMerge.undone().commit()).isEqualTo(merge);
      assertThat(byPromotion.target().commit()).isEqualTo(v2);
    }
    rollBack(new RollbackTarget.Undo(merge), PushMode.DIRECT);
    assertThat(repo.run(repo.bare, "rev-parse", "main:apps/web/dev"))
        .isEqualTo(repo.run(repo.bare, "rev-parse", v2 + ":apps/web/dev"));
  }

  @Test
  void undoIsRefusedWithoutWritingWhenAnotherBuildPromotedSince() throws Exception {
    String v3 = repo.promote("web", "dev", "web:3", "build-3", PushMode.DIRECT).commit();
    String before = repo.main();

    assertThatThrownBy(() -> rollBack(new RollbackTarget.Undo(v2), PushMode.DIRECT))
        .isInstanceOf(NothingToUndoException.class)
        .hasMessageContaining("web in dev on main moved on since " + v2.substring(0, 7))
        .hasMessageContaining("the newest promotion is " + v3)
        .hasMessageContaining("(image web:3) from build build-3")
        .hasMessageContaining("nothing is rolled back");
    assertThat(repo.main()).isEqualTo(before);
    assertThat(repo.run(repo.bare, "branch", "--list", "gitops/*")).isEmpty();
  }

  @Test
  void anUndoPlannedBeforeAnotherBuildPromotedIsRefusedAtPushTimeInEitherMode() throws Exception {
    for (PushMode mode : List.of(PushMode.DIRECT, PushMode.BRANCH)) {
      try (Rollback.Plan plan =
          new Rollback(PromoterSettings.defaults())
              .plan(request(new RollbackTarget.Undo(repo.main())), ProgressListener.NONE)) {
        // another build promotes the same app and environment between plan and push
        String newer =
            repo.promote("web", "dev", "web:" + mode, "build-" + mode, PushMode.DIRECT).commit();

        assertThatThrownBy(
                () ->
                    GitOpsRepo.promoter()
                        .promote(plan.promotion().withMode(mode), ProgressListener.NONE))
            .isInstanceOf(DirectoryMovedException.class)
            .hasMessageContaining("'apps/web/dev' changed on main since this change was planned")
            .hasMessageContaining("nothing was pushed");
        assertThat(repo.main()).isEqualTo(newer);
        assertThat(repo.run(repo.bare, "show", "main:apps/web/dev/deployment.yaml"))
            .contains("web:" + mode);
      }
    }
    assertThat(repo.run(repo.bare, "branch", "--list", "gitops/*")).isEmpty();
  }

  @Test
  void anUndoWithNothingLandingMeanwhileIsPushedAsPlanned() throws Exception {
    try (Rollback.Plan plan =
        new Rollback(PromoterSettings.defaults())
            .plan(request(new RollbackTarget.Undo(v2)), ProgressListener.NONE)) {
      // another app moving the branch does not touch web's directory
      repo.promote("api", "dev", "api:2", "build-b", PushMode.DIRECT);

      PromotionResult result =
          GitOpsRepo.promoter().promote(plan.promotion(), ProgressListener.NONE);

      assertThat(result.changed()).isTrue();
      assertThat(repo.run(repo.bare, "rev-parse", "main:apps/web/dev"))
          .isEqualTo(repo.run(repo.bare, "rev-parse", v1 + ":apps/web/dev"));
    }
  }

  @Test
  void anUndoPushedAgainFindsItsOwnResultUpToDateRatherThanAnotherPromotion() throws Exception {
    for (PushMode mode : List.of(PushMode.DIRECT, PushMode.BRANCH)) {
      try (Rollback.Plan plan =
          new Rollback(PromoterSettings.defaults())
              .plan(request(new RollbackTarget.Undo(v2)), ProgressListener.NONE)) {
        // the first push lands (in branch mode: merged as the pull request would be), then the
        // same plan runs again, as a retried step or a retry after a lost push reply does
        PromotionResult first =
            GitOpsRepo.promoter().promote(plan.promotion(), ProgressListener.NONE);
        assertThat(first.changed()).isTrue();
        String after = repo.main();

        PromotionResult again =
            GitOpsRepo.promoter().promote(plan.promotion().withMode(mode), ProgressListener.NONE);

        assertThat(again.changed()).as(mode.toString()).isFalse();
        assertThat(repo.main()).isEqualTo(after);
      }
      repo.promote("web", "dev", "web:again-" + mode, "build-" + mode, PushMode.DIRECT);
      v2 = repo.main();
    }
  }

  @Test
  void undoingTwiceRollsBackOnceAndThenSaysItIsDone() throws Exception {
    String rollback = rollBack(new RollbackTarget.Undo(v2), PushMode.DIRECT).commit();
    String before = repo.main();

    assertThatThrownBy(() -> rollBack(new RollbackTarget.Undo(v2), PushMode.DIRECT))
        .isInstanceOf(NothingToUndoException.class)
        .hasMessageContaining("already rolled back by " + rollback);
    assertThat(repo.main()).isEqualTo(before);
  }

  @Test
  void undoKeepsAHandEditMadeSinceThePromotion() throws Exception {
    repo.editByHand("apps/web/dev/a.yaml", "a: hotfix\n");
    String before = repo.main();

    assertThatThrownBy(() -> rollBack(new RollbackTarget.Undo(v2), PushMode.DIRECT))
        .isInstanceOf(NothingToUndoException.class)
        .hasMessageContaining(
            "apps/web/dev on main was changed by hand since " + v2.substring(0, 7));
    assertThat(repo.main()).isEqualTo(before);
    assertThat(repo.run(repo.bare, "show", "main:apps/web/dev/a.yaml")).isEqualTo("a: hotfix\n");
  }

  @Test
  void undoOfAnUnknownCommitTheFirstPromotionOrAnAbbreviationIsRefusedClearly() throws Exception {
    Rollback rollback = new Rollback(PromoterSettings.defaults());
    String first = repo.promote("web", "prod", "web:1", "build-1", PushMode.DIRECT).commit();

    assertThatThrownBy(
            () ->
                rollback.plan(
                    new Rollback.Request(
                        repo.url(),
                        "main",
                        "web",
                        "prod",
                        null,
                        null,
                        new RollbackTarget.Undo(first),
                        null),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(first + " is the first promotion of web in prod on main");
    assertThatThrownBy(
            () -> rollback.plan(request(new RollbackTarget.Undo(api)), ProgressListener.NONE))
        .isInstanceOf(NothingToUndoException.class)
        .hasMessageContaining(api + " is not a promotion of web in dev on main");
    assertThatThrownBy(
            () ->
                rollback.plan(
                    request(new RollbackTarget.Undo(v2.substring(0, 8))), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not a full 40-character SHA-1");
  }
}
