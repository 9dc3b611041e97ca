package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

  /** Takes {@code branch}'s turn on a pool thread and holds it until {@code release} opens. */
  private Future<String> holdTurn(
      WorkingRepository repository, String branch, CountDownLatch release) throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    Future<String> holder =
        pool.submit(
            () ->
                repository.pushTurn(
                    branch,
                    Duration.ofSeconds(60),
                    () -> {
                      holding.countDown();
                      awaitUninterruptibly(release, 60);
                      return "first";
                    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    return holder;
  }

  @Test
  void aBranchsTurnIsHeldByOneAtATimeWhileOtherBranchesGoOn() throws Exception {
    PromoterSettings settings = PromoterSettings.defaults().withCacheDirectory(tmp.resolve("c"));
    try (WorkingRepository first = open(settings);
        WorkingRepository second = open(settings)) {
      CountDownLatch release = new CountDownLatch(1);
      Future<String> holder = holdTurn(first, "main", release);

      assertThat(second.pushTurn("staging", Duration.ofSeconds(30), () -> "other branch"))
          .isEqualTo("other branch");
      assertThatThrownBy(() -> second.pushTurn("main", Duration.ofMillis(200), () -> "too soon"))
          .isInstanceOf(OperationTimedOutException.class)
          .hasMessageContaining("the push turn for main")
          .as("removing a lock file while it is held lets two processes in")
          .hasMessageNotContaining("or remove the file");

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

  @Test
  void aThreadGivingUpOnTheTurnLeavesTheHoldersLockHeldForOtherProcesses() throws Exception {
    PromoterSettings settings = PromoterSettings.defaults().withCacheDirectory(tmp.resolve("c"));
    try (WorkingRepository first = open(settings);
        WorkingRepository second = open(settings)) {
      CountDownLatch release = new CountDownLatch(1);
      Future<String> holder = holdTurn(first, "main", release);
      // another thread of this process waits for the same turn and gives up: closing its own
      // channel must not release the holder's lock (POSIX drops a process's locks on any close)
      assertThatThrownBy(() -> second.pushTurn("main", Duration.ofMillis(100), () -> "too soon"))
          .isInstanceOf(OperationTimedOutException.class);

      Path turn;
      try (var files = Files.list(tmp.resolve("c"))) {
        turn = files.filter(f -> f.toString().contains(".push-")).findFirst().orElseThrow();
      }
      assertThat(otherProcessGetsLock(turn)).as("another process takes the held turn").isFalse();

      release.countDown();
      assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(otherProcessGetsLock(turn)).isTrue();
    }
  }

  /** Whether a separate JVM can lock {@code file} right now (without waiting). */
  private boolean otherProcessGetsLock(Path file) throws Exception {
    Path source = tmp.resolve("TryLock.java");
    Files.writeString(
        source,
        String.join(
            "\n",
            "import java.nio.channels.FileChannel;",
            "import java.nio.file.*;",
            "public class TryLock {",
            "  public static void main(String[] a) throws Exception {",
            "    try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE)) {",
            "      System.out.print(c.tryLock() != null ? \"locked\" : \"busy\");",
            "    }",
            "  }",
            "}"),
        StandardCharsets.UTF_8);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(java, source.toString(), file.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output).isIn("locked", "busy");
    return output.equals("locked");
  }

  private static void awaitUninterruptibly(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
