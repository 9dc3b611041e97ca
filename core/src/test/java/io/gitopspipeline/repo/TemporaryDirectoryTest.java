package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.ProgressListener;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporaryDirectoryTest {
  @TempDir Path tmp;
  private Path work;
  private Process liveProcess;

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createDirectories(tmp.resolve("work"));
  }

  @AfterEach
  void tearDown() {
    if (liveProcess != null) {
      liveProcess.destroyForcibly();
    }
  }

  /** The id of a process that has exited: what a promotion killed with -9 leaves. */
  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }

  private Path leftover(long pid, String suffix) throws Exception {
    Path dir = Files.createDirectories(work.resolve("gitops-promote-" + pid + "-" + suffix));
    Files.writeString(dir.resolve("config"), "[remote]\n");
    Files.createFile(work.resolve(dir.getFileName() + ".lock"));
    return dir;
  }

  private List<String> names() throws Exception {
    try (Stream<Path> entries = Files.list(work)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aStartRemovesTheDirectoryOfADeadProcessAndKeepsTheOnesInUse() throws Exception {
    Path stale = leftover(deadPid(), "111");
    liveProcess = new ProcessBuilder("sleep", "60").start();
    Path livePid = leftover(liveProcess.pid(), "222");
    Path locked = leftover(deadPid(), "333");

    try (FileChannel channel =
            FileChannel.open(
                work.resolve(locked.getFileName() + ".lock"), StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      assertThat(TemporaryDirectory.removeStale(work)).isEqualTo(1);
    }

    assertThat(stale).doesNotExist();
    assertThat(work.resolve(stale.getFileName() + ".lock")).doesNotExist();
    assertThat(livePid.resolve("config")).exists();
    assertThat(locked.resolve("config")).exists();
  }

  @Test
  void aConcurrentPromotionsDirectoryInThisProcessIsNeverTouched() throws Exception {
    try (TemporaryDirectory inUse = TemporaryDirectory.create(work)) {
      Files.writeString(inUse.path().resolve("HEAD"), "ref: refs/heads/main\n");

      assertThat(TemporaryDirectory.removeStale(work)).isZero();

      assertThat(inUse.path().resolve("HEAD")).exists();
    }
    assertThat(names()).isEmpty();
  }

  @Test
  void anUnmarkedDirectoryOfAnOlderVersionIsRemovedOnceItIsOld() throws Exception {
    Path old = Files.createDirectories(work.resolve("gitops-promote-8431985560"));
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    Path recent = Files.createDirectories(work.resolve("gitops-promote-9931985560"));
    Path unrelated = Files.createDirectories(work.resolve("other-dir"));

    TemporaryDirectory.removeStale(work);

    assertThat(old).doesNotExist();
    assertThat(recent).exists();
    assertThat(unrelated).exists();
  }

  @Test
  void aPromotionCleansUpStaleDirectoriesAndItsOwn() throws Exception {
    GitCli git = new GitCli(tmp);
    Path remote = git.bareRepositoryWithMain(tmp);
    Path from = tmp.resolve("rendered");
    GitCli.write(from.resolve("deployment.yaml"), "kind: Deployment\n");
    Path stale = leftover(deadPid(), "444");
    liveProcess = new ProcessBuilder("sleep", "60").start();
    Path live = leftover(liveProcess.pid(), "555");

    new Promoter(PromoterSettings.defaults().withWorkDirectory(work))
        .promote(
            Promotion.of(remote.toString(), "main", "web", "dev", from), ProgressListener.NONE);

    assertThat(stale).doesNotExist();
    assertThat(names())
        .containsExactly(live.getFileName().toString(), live.getFileName() + ".lock");
  }
}
