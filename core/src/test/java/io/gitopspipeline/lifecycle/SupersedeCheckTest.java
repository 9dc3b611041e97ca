package io.gitopspipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.PushMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two promotions of the same app and environment: the first build's wait is superseded. */
class SupersedeCheckTest {
  @TempDir Path tmp;
  private GitOpsRepo repo;
  private final SupersedeCheck check = new SupersedeCheck(PromoterSettings.defaults());

  @BeforeEach
  void setUp() {
    repo = new GitOpsRepo(tmp);
  }

  private SupersedeCheck.Query query(String own, boolean waitingForMerge) {
    return new SupersedeCheck.Query(
        repo.url(), "main", "web", "dev", null, null, own, waitingForMerge);
  }

  @Test
  void aNewerBuildsDirectPromotionSupersedesTheOlderOne() throws Exception {
    repo.promote("web", "dev", "web:0", "build-0", PushMode.DIRECT);
    String mine = repo.promote("web", "dev", "web:1", "build-1", PushMode.DIRECT).commit();
    assertThat(check.check(query(mine, false), ProgressListener.NONE)).isEmpty();

    String newer = repo.promote("web", "dev", "web:2", "build-2", PushMode.DIRECT).commit();

    Optional<Supersession> result = check.check(query(mine, false), ProgressListener.NONE);
    assertThat(result).isPresent();
    assertThat(result.get().commit()).isEqualTo(newer);
    assertThat(result.get().branch()).isEqualTo("main");
    assertThat(result.get().buildUrl()).isEqualTo("build-2");
    assertThat(result.get().describe()).contains(newer).contains("web:2").contains("build-2");
    assertThat(check.check(query(newer, false), ProgressListener.NONE)).isEmpty();
  }

  @Test
  void anotherAppsPromotionDoesNotSupersede() throws Exception {
    String mine = repo.promote("web", "dev", "web:1", "build-1", PushMode.DIRECT).commit();
    repo.promote("api", "dev", "api:9", "build-9", PushMode.DIRECT);
    repo.promote("web", "prod", "web:9", "build-9", PushMode.DIRECT);

    assertThat(check.check(query(mine, false), ProgressListener.NONE)).isEmpty();
  }

  @Test
  void aNewerProposalOnThePromotionBranchSupersedesAWaitForTheMerge() throws Exception {
    String mine = repo.promote("web", "dev", "web:1", "build-1", PushMode.BRANCH).commit();
    assertThat(check.check(query(mine, true), ProgressListener.NONE)).isEmpty();

    String newer = repo.promote("web", "dev", "web:2", "build-2", PushMode.BRANCH).commit();

    Optional<Supersession> result = check.check(query(mine, true), ProgressListener.NONE);
    assertThat(result).map(Supersession::commit).contains(newer);
    assertThat(result).map(Supersession::branch).contains("gitops/dev/web");
    assertThat(check.check(query(mine, false), ProgressListener.NONE))
        .as("a sync wait only looks at the environment branch")
        .isEmpty();
  }

  @Test
  void theWaitEndsSupersededWhenANewerBuildPromotesMeanwhile() throws Exception {
    String mine = repo.promote("web", "dev", "web:1", "build-1", PushMode.DIRECT).commit();
    CountDownLatch never = new CountDownLatch(1);
    SupersedeWatch watch = new SupersedeWatch(check, query(mine, false), Duration.ofMillis(50));
    Thread newerBuild =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
                repo.promote("web", "dev", "web:2", "build-2", PushMode.DIRECT);
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
    newerBuild.start();

    SupersedeWatch.Outcome<String> outcome =
        watch.run(
            () -> {
              never.await();
              return "synced";
            },
            ProgressListener.NONE);
    newerBuild.join();

    assertThat(outcome.superseded()).isTrue();
    assertThat(outcome.supersededBy().image()).isEqualTo("web:2");
  }

  @Test
  void aWaitThatSucceedsFirstKeepsItsResult() throws Exception {
    String mine = repo.promote("web", "dev", "web:1", "build-1", PushMode.DIRECT).commit();

    SupersedeWatch.Outcome<String> outcome =
        new SupersedeWatch(check, query(mine, false), Duration.ofSeconds(5))
            .run(() -> "synced", ProgressListener.NONE);

    assertThat(outcome.superseded()).isFalse();
    assertThat(outcome.value()).isEqualTo("synced");
  }

  @Test
  void anAbbreviatedCommitIsRefused() {
    assertThatThrownBy(() -> check.check(query("abc123", false), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'abc123'");
  }
}
