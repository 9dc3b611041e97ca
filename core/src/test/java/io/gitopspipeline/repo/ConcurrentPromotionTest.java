package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentPromotionTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path remote;

  @BeforeEach
  void setUp() {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
  }

  private static PromoterSettings settings(Path cache) {
    return new PromoterSettings(
        null, cache, 40, Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofMinutes(1));
  }

  private Promotion promotionOf(String app) {
    Path from = tmp.resolve("rendered/" + app);
    GitCli.write(from.resolve("deployment.yaml"), "name: " + app + "\n");
    return Promotion.of(remote.toString(), "main", app, "dev", from);
  }

  private List<PromotionResult> runAtOnce(List<Promotion> promotions, Path cache) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(promotions.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<PromotionResult>> futures = new ArrayList<>();
      for (Promotion promotion : promotions) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  // each promotion has its own Promoter and its own working repository
                  return new Promoter(settings(cache)).promote(promotion, ProgressListener.NONE);
                }));
      }
      start.countDown();
      List<PromotionResult> results = new ArrayList<>();
      for (Future<PromotionResult> future : futures) {
        results.add(future.get(3, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertAllLandedOnALinearHistory(List<PromotionResult> results, int commits) {
    assertThat(git.run(remote, "rev-list", "--count", "main").strip())
        .isEqualTo(Integer.toString(commits + 1));
    assertThat(git.run(remote, "rev-list", "--merges", "main")).isBlank();
    for (PromotionResult result : results) {
      assertThat(git.tryRun(remote, "merge-base", "--is-ancestor", result.commit(), "main").exit())
          .as("commit %s is on main", result.commit())
          .isZero();
    }
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void twentyPromotionsOfDifferentAppsStartedAtOnceAllLandOnALinearHistory() throws Exception {
    List<Promotion> promotions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      promotions.add(promotionOf("app" + i));
    }

    List<PromotionResult> results = runAtOnce(promotions, null);

    assertThat(results).allMatch(PromotionResult::changed);
    assertThat(results.stream().map(PromotionResult::commit).distinct()).hasSize(20);
    assertAllLandedOnALinearHistory(results, 20);
    String tree = git.run(remote, "ls-tree", "-r", "--name-only", "main", "apps");
    for (int i = 0; i < 20; i++) {
      assertThat(tree).contains("apps/app" + i + "/dev/deployment.yaml");
      assertThat(git.run(remote, "show", "main:apps/app" + i + "/dev/deployment.yaml"))
          .isEqualTo("name: app" + i + "\n");
    }
  }

  @Test
  void theSamePromotionStartedTwiceAtOnceGivesOneCommit() throws Exception {
    Promotion promotion = promotionOf("web");

    List<PromotionResult> results = runAtOnce(List.of(promotion, promotion), null);

    assertThat(results).filteredOn(PromotionResult::changed).hasSize(1);
    assertThat(results.get(0).commit()).isEqualTo(results.get(1).commit());
    assertAllLandedOnALinearHistory(results, 1);
  }

  @Test
  void promotionsSharingOneCacheTakeTurnsSafely() throws Exception {
    Path cache = tmp.resolve("cache");
    List<Promotion> promotions = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      promotions.add(promotionOf("cached" + i));
    }

    List<PromotionResult> results = runAtOnce(promotions, cache);

    assertAllLandedOnALinearHistory(results, 6);
  }
}
