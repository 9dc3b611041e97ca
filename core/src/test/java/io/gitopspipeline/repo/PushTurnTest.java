package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotions that share a cache directory (pipelines on one agent, each its own process) take turns
 * per branch for a whole fetch-apply-push, instead of racing each other's pushes.
 */
class PushTurnTest {
  @TempDir Path tmp;

  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private WorkingRepository open(PromoterSettings settings) throws Exception {
    GitRemote remote =
        GitRemote.of(
            tmp.resolve("remote.git").toUri().toString(),
            GitCredentials.NONE,
            Duration.ofSeconds(30));
    return WorkingRepository.open(settings, remote, ProgressListener.NONE);
  }

  @Test
  void aBranchsTurnIsHeldByOneAtATimeWhileOtherBranchesGoOn() throws Exception {
    PromoterSettings settings = PromoterSettings.defaults().withCacheDirectory(tmp.resolve("c"));
    try (WorkingRepository first = open(settings);
        WorkingRepository second = open(settings)) {
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<String> holder =
          pool.submit(
              () ->
                  first.pushTurn(
                      "main",
                      Duration.ofSeconds(30),
                      () -> {
                        holding.countDown();
                        awaitUninterruptibly(release);
                        return "first";
                      }));
      assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

      assertThat(second.pushTurn("staging", Duration.ofSeconds(30), () -> "other branch"))
          .isEqualTo("other branch");
      assertThatThrownBy(() -> second.pushTurn("main", Duration.ofMillis(200), () -> "too soon"))
          .isInstanceOf(OperationTimedOutException.class)
          .hasMessageContaining("the push turn for main");

      release.countDown();
      assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(second.pushTurn("main", Duration.ofSeconds(30), () -> "second"))
          .isEqualTo("second");
    }
  }

  @Test
  void aTemporaryRepositoryNeedsNoTurn() throws Exception {
    PromoterSettings settings = PromoterSettings.defaults().withWorkDirectory(tmp.resolve("w"));
    try (WorkingRepository first = open(settings);
        WorkingRepository second = open(settings)) {
      String nested =
          first.pushTurn(
              "main",
              Duration.ofSeconds(1),
              () -> second.pushTurn("main", Duration.ofMillis(1), () -> "no wait"));

      assertThat(nested).isEqualTo("no wait");
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
