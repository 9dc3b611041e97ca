package io.gitopspipeline.repo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A temporary working directory with an owner marker, so that one left behind by a killed process
 * ({@code kill -9}, a crashed agent) is found and removed by a later start, while one in use by a
 * concurrent promotion never is.
 *
 * <p>Beside each directory {@code gitops-promote-PID-N} lies {@code gitops-promote-PID-N.lock},
 * created first and locked for the directory's whole life. The owner's process id sits in the name
 * rather than in the file, because reading the file would mean opening it, and on POSIX systems
 * closing any descriptor of a file drops every lock the process holds on it: a cleanup running in
 * the same JVM as a concurrent promotion (e.g. Jenkins) would silently unlock that promotion. A
 * directory counts as stale only when its process is gone and its lock is free (a process of
 * another PID namespace sharing the directory still holds the lock).
 */
final class TemporaryDirectory implements AutoCloseable {
  static final String PREFIX = "gitops-promote-";
  private static final String LOCK_SUFFIX = ".lock";
  private static final Pattern LOCK_NAME =
      Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-[A-Za-z0-9]+" + Pattern.quote(LOCK_SUFFIX));

  /** Directories from versions without a lock file are removed once they are this old. */
  private static final Duration UNMARKED_AGE = Duration.ofHours(1);

  /** Walks of a directory JGit may still be touching (lock files) before giving up. */
  private static final int DELETE_ATTEMPTS = 3;

  private final Path directory;
  private final Path lockFile;
  private final FileChannel channel;

  private TemporaryDirectory(Path directory, Path lockFile, FileChannel channel) {
    this.directory = directory;
    this.lockFile = lockFile;
    this.channel = channel;
  }

  /** Creates a directory under {@code parent} (only its owner may enter it) and locks it. */
  static TemporaryDirectory create(Path parent) throws IOException {
    long pid = ProcessHandle.current().pid();
    for (int attempt = 0; ; attempt++) {
      Path lockFile = Files.createTempFile(parent, PREFIX + pid + "-", LOCK_SUFFIX);
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      try {
        try {
          channel.lock();
        } catch (IOException e) {
          // a file system without locks (some NFS mounts): the PID in the name still marks the
          // owner, and a cleanup cannot take the lock either, so it leaves the directory alone
        }
        String name = lockFile.getFileName().toString();
        Path directory = parent.resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
        Files.createDirectory(directory, ownerOnly(parent));
        return new TemporaryDirectory(directory, lockFile, channel);
      } catch (FileAlreadyExistsException e) {
        channel.close();
        Files.deleteIfExists(lockFile);
        if (attempt == 10) {
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(lockFile);
        throw e;
      }
    }
  }

  Path path() {
    return directory;
  }

  /**
   * Removes the temporary directories under {@code parent} whose owner is gone, returning how many.
   * Errors (e.g. another user's directory) leave a directory where it is: a leftover is only
   * clutter, and removing too much would break a running promotion.
   */
  static int removeStale(Path parent) {
    int removed = 0;
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        Matcher lockName = LOCK_NAME.matcher(name);
        if (lockName.matches()) {
          long pid = Long.parseLong(lockName.group(1));
          if (pid != self && !isAlive(pid) && removeIfUnlocked(entry)) {
            removed++;
          }
        } else if (!name.endsWith(LOCK_SUFFIX)
            && Files.isDirectory(entry)
            && !Files.exists(parent.resolve(name + LOCK_SUFFIX))
            && isOlderThan(entry, UNMARKED_AGE)) {
          deleteTree(entry);
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      // cleaning up is a courtesy; the promotion itself goes on
    }
    return removed;
  }

  private static boolean removeIfUnlocked(Path lockFile) {
    String name = lockFile.getFileName().toString();
    Path directory =
        lockFile.resolveSibling(name.substring(0, name.length() - LOCK_SUFFIX.length()));
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false;
      }
      if (lock == null) {
        return false; // its owner runs in another PID namespace
      }
      try (lock) {
        deleteTree(directory);
        Files.deleteIfExists(lockFile);
        return true;
      }
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static boolean isOlderThan(Path path, Duration age) throws IOException {
    FileTime modified = Files.getLastModifiedTime(path);
    return modified.toInstant().isBefore(Instant.now().minus(age));
  }

  private static FileAttribute<?>[] ownerOnly(Path parent) {
    if (parent.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
      };
    }
    return new FileAttribute<?>[0];
  }

  private static void deleteTree(Path root) throws IOException {
    // JGit may still drop a lock file (gc.log.lock, *.lock) in the repository while we walk it: a
    // file that vanishes or appears mid-walk is not a failure, so walk again a few times.
    for (int attempt = 1; ; attempt++) {
      try {
        deleteTreeOnce(root);
        return;
      } catch (UncheckedIOException e) {
        if (attempt >= DELETE_ATTEMPTS) {
          throw e.getCause();
        }
      } catch (NoSuchFileException | DirectoryNotEmptyException e) {
        if (attempt >= DELETE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void deleteTreeOnce(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Deletes the directory, then releases and removes its lock. */
  @Override
  public void close() {
    try {
      deleteTree(directory);
    } catch (IOException e) {
      // left behind unlocked: the next start removes it
    }
    try {
      channel.close();
      Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      // an unlocked lock file of a finished process is removed by the next start
    }
  }
}
