package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotions of one JVM to one branch take turns and are pushed together. */
class PromotionQueueTest {
  private static final String PASSWORD = "queue-test-token";

  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private HttpGitServer server;

  @BeforeEach
  void setUp() throws Exception {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    git.run(remote, "config", "core.logAllRefUpdates", "always");
    server = new HttpGitServer(tmp, "deployer", PASSWORD);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  private static PromoterSettings settings() {
    return new PromoterSettings(
        null,
        null,
        Integer.MAX_VALUE,
        Duration.ofMillis(10),
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2));
  }

  private Promotion promotionOf(String repository, String branch, String app) {
    Path from = tmp.resolve("rendered/" + app);
    GitCli.write(from.resolve("deployment.yaml"), "name: " + app + "\n");
    return Promotion.of(repository, branch, app, "dev", from)
        .withSource(new SourceInfo("registry.example.com/" + app + ":1.0.0", null, null, null));
  }

  private GitCredentials deployer() {
    return new GitCredentials.UsernamePassword("deployer", Secret.of(PASSWORD));
  }

  /** Runs every task at once and returns their results or failures, in order. */
  private static List<Object> atOnce(List<Callable<PromotionResult>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<PromotionResult>> futures = new ArrayList<>();
      for (Callable<PromotionResult> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<PromotionResult> future : futures) {
        try {
          outcomes.add(future.get(3, TimeUnit.MINUTES));
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHundredPromotionsThroughOnePromoterAllLandInFarFewerPushes() throws Exception {
    Promoter promoter = new Promoter(settings(), new PromotionQueue(100));
    List<Callable<PromotionResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Promotion promotion = promotionOf(remote.toString(), "main", "app" + i);
      tasks.add(() -> promoter.promote(promotion, ProgressListener.NONE));
    }

    List<Object> outcomes = atOnce(tasks);

    assertThat(outcomes).allMatch(o -> o instanceof PromotionResult r && r.changed());
    assertThat(git.run(remote, "rev-list", "--count", "main").strip()).isEqualTo("101");
    assertThat(git.run(remote, "rev-list", "--merges", "main")).isBlank();
    // one commit per promotion, each with its own trailers
    Set<String> apps =
        Arrays.stream(
                git.run(
                        remote,
                        "log",
                        "--format=%(trailers:key=GitOps-App,valueonly,separator=)",
                        "main~100..main")
                    .split("\n"))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(apps).hasSize(100).contains("app0", "app99");
    for (Object outcome : outcomes) {
      PromotionResult result = (PromotionResult) outcome;
      String app =
          git.run(
                  remote,
                  "log",
                  "-1",
                  "--format=%(trailers:key=GitOps-App,valueonly)",
                  result.commit())
              .strip();
      assertThat(git.run(remote, "show", result.commit() + ":apps/" + app + "/dev/deployment.yaml"))
          .isEqualTo("name: " + app + "\n");
    }
    String tree = git.run(remote, "ls-tree", "-d", "--name-only", "main:apps");
    assertThat(tree.strip().split("\n")).hasSize(100);
    int pushes =
        git.run(remote, "reflog", "show", "--format=%H", "refs/heads/main")
            .strip()
            .split("\n")
            .length;
    System.out.println("100 concurrent promotions through one Promoter: " + pushes + " pushes");
    assertThat(pushes).as("pushes for 100 promotions").isLessThanOrEqualTo(20);
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void anIdleQueueKeepsNoLaneAndSoNoCredentials() throws Exception {
    PromotionQueue queue = new PromotionQueue(100);
    Promoter promoter = new Promoter(settings(), queue);

    promoter.promote(
        promotionOf(server.url("remote.git"), "main", "web").withCredentials(deployer()),
        ProgressListener.NONE);

    assertThat(queue.lanes()).isZero();
  }

  @Test
  void promotionsToDifferentBranchesNeverWaitForEachOther() throws Exception {
    git.run(remote, "branch", "staging", "main");
    CountDownLatch mainHeld = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.preReceive(
        (receive, commands) -> {
          if (commands.stream().anyMatch(c -> c.getRefName().equals("refs/heads/main"))) {
            mainHeld.countDown();
            try {
              release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    Promoter promoter = new Promoter(settings(), new PromotionQueue(100));
    String url = server.url("remote.git");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<PromotionResult> toMain =
          pool.submit(
              () ->
                  promoter.promote(
                      promotionOf(url, "main", "web").withCredentials(deployer()),
                      ProgressListener.NONE));
      assertThat(mainHeld.await(1, TimeUnit.MINUTES)).isTrue();

      PromotionResult toStaging =
          promoter.promote(
              promotionOf(url, "staging", "api").withCredentials(deployer()),
              ProgressListener.NONE);

      assertThat(toStaging.changed()).isTrue();
      assertThat(toMain).isNotDone();
      release.countDown();
      assertThat(toMain.get(1, TimeUnit.MINUTES).changed()).isTrue();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aPermissionFailureInTheMiddleOfARaceIsReportedAtOnce() throws Exception {
    AtomicInteger landed = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    server.preReceive(
        (receive, commands) -> {
          // the deployer's write access is revoked after the third push landed
          if (commands.isEmpty()) {
            return; // JGit calls the hook even when every command was refused as stale
          }
          if (landed.get() >= 3) {
            refusals.incrementAndGet();
            commands.forEach(
                c ->
                    c.setResult(
                        ReceiveCommand.Result.REJECTED_OTHER_REASON,
                        "You are not allowed to push code to this project."));
          } else {
            landed.incrementAndGet();
          }
        });
    String url = server.url("remote.git");
    List<Callable<PromotionResult>> tasks = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Promotion promotion = promotionOf(url, "main", "app" + i).withCredentials(deployer());
      // a queue each: like separate processes, every promotion pushes (and races) on its own
      Promoter promoter = new Promoter(settings(), new PromotionQueue(100));
      tasks.add(() -> promoter.promote(promotion, ProgressListener.NONE));
    }

    List<Object> outcomes = atOnce(tasks);

    List<Object> failures = outcomes.stream().filter(o -> o instanceof Throwable).toList();
    int commits = Integer.parseInt(git.run(remote, "rev-list", "--count", "main").strip()) - 1;
    assertThat(commits).isBetween(1, 9);
    assertThat(failures).hasSize(12 - commits);
    assertThat(failures)
        .allSatisfy(
            f ->
                assertThat((Throwable) f)
                    .isInstanceOf(GitOpsException.class)
                    .hasMessageContaining("You are not allowed to push code")
                    .hasMessageContaining("not retried")
                    .hasMessageContaining("give them write access"));
    assertThat(refusals).as("each refused promotion asked once").hasValue(failures.size());
  }

  @Test
  void aBadPromotionInABatchFailsAloneAndTheOthersLand() throws Exception {
    // apps/blocked is a file: a promotion writing the directory apps/blocked/dev cannot apply
    Path work = tmp.resolve("blocker");
    git.run(tmp, "clone", "-q", remote.toString(), work.toString());
    GitCli.write(work.resolve("apps/blocked"), "a file\n");
    git.run(work, "add", "-A");
    git.run(work, "commit", "-qm", "a file in the way");
    git.run(work, "push", "-q", "origin", "main");
    Promoter promoter = new Promoter(settings(), new PromotionQueue(100));
    List<Callable<PromotionResult>> tasks = new ArrayList<>();
    for (String app : List.of("one", "blocked", "two", "three")) {
      Promotion promotion = promotionOf(remote.toString(), "main", app);
      tasks.add(() -> promoter.promote(promotion, ProgressListener.NONE));
    }

    List<Object> outcomes = atOnce(tasks);

    assertThat(outcomes.get(1))
        .isInstanceOf(io.gitopspipeline.api.InvalidInputException.class)
        .satisfies(e -> assertThat(((Throwable) e).getMessage()).contains("apps/blocked"));
    assertThat(List.of(outcomes.get(0), outcomes.get(2), outcomes.get(3)))
        .allMatch(o -> o instanceof PromotionResult r && r.changed());
    assertThat(git.run(remote, "ls-tree", "--name-only", "main:apps"))
        .contains("one", "two", "three");
  }
}
