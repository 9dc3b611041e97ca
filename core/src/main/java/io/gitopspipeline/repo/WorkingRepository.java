package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Repository;

/**
 * The bare repository a promotion works in: a fresh temporary one (filled by a depth-1 fetch and
 * deleted afterwards), or the persistent per-remote cache, which later promotions fetch into. No
 * working tree is ever checked out. Fetches into the cache hold a file lock, so promotions in other
 * processes (or threads) on the same machine take turns; objects written outside the lock are safe
 * because git writes each object atomically and the promotion's commit is reached by no local ref.
 * Temporary repositories carry an owner lock ({@link TemporaryDirectory}); each start removes the
 * ones a killed promotion left behind. Neither kind records the remote's URL or credentials: the
 * transport is opened from a URL, never from a configured remote.
 */
final class WorkingRepository implements AutoCloseable {
  /** Work that runs while the cache lock is held. */
  interface LockedWork<T> {
    T run() throws IOException, GitOpsException;
  }

  private final Repository repository;
  private final TemporaryDirectory temporary;
  private final Path lockFile;
  private final Duration lockTimeout;

  private WorkingRepository(
      Repository repository, TemporaryDirectory temporary, Path lockFile, Duration lockTimeout) {
    this.repository = repository;
    this.temporary = temporary;
    this.lockFile = lockFile;
    this.lockTimeout = lockTimeout;
  }

  static WorkingRepository open(
      PromoterSettings settings, GitRemote remote, ProgressListener progress)
      throws GitOpsException {
    try {
      if (settings.cacheDirectory() != null) {
        Path cacheRoot = settings.cacheDirectory().toAbsolutePath();
        Files.createDirectories(cacheRoot);
        String key = cacheKey(remote.display());
        Path gitDir = cacheRoot.resolve(key + ".git");
        Path lock = cacheRoot.resolve(key + ".lock");
        Repository repo =
            withLock(lock, settings.networkTimeout(), () -> openBare(gitDir), "the cache lock");
        WorkingRepository cache =
            new WorkingRepository(repo, null, lock, settings.networkTimeout());
        progress.debug("repo", "using the cache " + gitDir);
        return cache;
      }
      Path parent =
          settings.workDirectory() != null
              ? Files.createDirectories(settings.workDirectory().toAbsolutePath())
              : Path.of(System.getProperty("java.io.tmpdir"));
      int stale = TemporaryDirectory.removeStale(parent);
      if (stale > 0) {
        progress.debug(
            "repo", "removed " + stale + " temporary repositories left by stopped promotions");
      }
      TemporaryDirectory temp = TemporaryDirectory.create(parent);
      try {
        return new WorkingRepository(openBare(temp.path()), temp, null, settings.networkTimeout());
      } catch (IOException | RuntimeException e) {
        temp.close();
        throw e;
      }
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot create the working repository: "
              + e.getMessage()
              + "; check that the work/cache directory is writable",
          e);
    }
  }

  private static Repository openBare(Path gitDir) throws IOException {
    Repository repo = new FileRepository(gitDir.toFile());
    if (!Files.exists(gitDir.resolve("objects"))) {
      repo.create(true);
    }
    // Promotions never need reflogs or automatic gc in a scratch or cache repository.
    repo.getConfig().setBoolean("core", null, "logAllRefUpdates", false);
    repo.getConfig().setInt("gc", null, "auto", 0);
    return repo;
  }

  Repository repository() {
    return repository;
  }

  /**
   * Runs one push attempt to {@code branch} holding the branch's push turn: processes promoting
   * into the same remote branch through the same cache directory take turns for the whole
   * fetch-apply-push, instead of racing and re-applying after every lost push (the number of
   * attempts of N racers grows with N squared). The holder's fetch is usually free: the commits the
   * previous holder pushed are already in the shared cache. Different branches have different
   * turns. A temporary repository is private to one promotion and runs {@code work} at once.
   *
   * @param wait how long to wait for the turn at most
   */
  <T> T pushTurn(String branch, Duration wait, LockedWork<T> work)
      throws IOException, GitOpsException {
    if (lockFile == null) {
      return work.run();
    }
    String name = lockFile.getFileName().toString().replaceFirst("\\.lock$", "");
    Path turn = lockFile.resolveSibling(name + ".push-" + cacheKey(branch) + ".lock");
    return withLock(turn, wait, work, "the push turn for " + branch);
  }

  /** Runs {@code work} holding the cache's lock (a temporary repository needs none). */
  <T> T locked(LockedWork<T> work) throws IOException, GitOpsException {
    if (lockFile == null) {
      return work.run();
    }
    return withLock(
        lockFile,
        lockTimeout,
        () -> {
          clearStaleGitLocks();
          return work.run();
        },
        "the cache lock");
  }

  /**
   * Removes git's own lock files left by a promotion that was killed mid-fetch. Only callers that
   * hold the cache lock write refs in the cache, so any such file found now is stale and would
   * otherwise make every later fetch fail.
   */
  private void clearStaleGitLocks() throws IOException {
    Path gitDir = repository.getDirectory().toPath();
    for (String name : new String[] {"shallow.lock", "packed-refs.lock", "config.lock"}) {
      Files.deleteIfExists(gitDir.resolve(name));
    }
    Path refs = gitDir.resolve("refs");
    if (Files.isDirectory(refs)) {
      try (Stream<Path> paths = Files.walk(refs)) {
        for (Path path : paths.filter(p -> p.toString().endsWith(".lock")).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /** One lock per lock file for the threads of this process (see {@link #withLock}). */
  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private static <T> T withLock(
      Path lockFile, Duration lockTimeout, LockedWork<T> work, String what)
      throws IOException, GitOpsException {
    long deadline = System.nanoTime() + lockTimeout.toNanos();
    // Threads of this process take turns before opening the file: POSIX drops every lock a process
    // holds on a file when it closes any channel to it, so a thread giving up (closing its
    // channel) would silently release the holder's lock to other processes.
    ReentrantLock local =
        IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    try {
      if (!local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw timedOut(lockFile, lockTimeout, what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while waiting for " + what + " " + lockFile);
    }
    try {
      return withFileLock(lockFile, deadline, lockTimeout, work, what);
    } finally {
      local.unlock();
    }
  }

  private static OperationTimedOutException timedOut(Path lockFile, Duration wait, String what) {
    return new OperationTimedOutException(
        "waited "
            + (wait.toSeconds() > 0 ? wait.toSeconds() + "s" : wait.toMillis() + " ms")
            + " for "
            + what
            + " "
            + lockFile
            + "; another promotion is using it (the lock ends with the process holding it, so"
            + " never remove the file: a process that opens it anew would not wait)");
  }

  private static <T> T withFileLock(
      Path lockFile, long deadline, Duration lockTimeout, LockedWork<T> work, String what)
      throws IOException, GitOpsException {
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      while (true) {
        FileLock lock = null;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          // another thread of this process holds it; wait like for another process
        }
        if (lock != null) {
          try (FileLock held = lock) {
            return work.run();
          }
        }
        if (System.nanoTime() > deadline) {
          throw timedOut(lockFile, lockTimeout, what);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new GitOpsException("interrupted while waiting for " + what + " " + lockFile);
        }
      }
    }
  }

  @Override
  public void close() {
    repository.close();
    if (temporary != null) {
      temporary.close();
    }
  }

  private static String cacheKey(String remote) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(remote.getBytes(StandardCharsets.UTF_8));
      String name = remote.replaceAll("\\.git/?$", "").replaceAll(".*[/:]", "");
      name = name.replaceAll("[^A-Za-z0-9._-]", "");
      return (name.isEmpty() ? "repo" : name) + "-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
