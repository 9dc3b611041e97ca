package io.gitopspipeline.lifecycle;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Finds which commits of a first-parent line changed one path, comparing each commit's tree with
 * its first parent's ({@link PathLookup}). Almost all the time of a path-limited history goes into
 * inflating and un-deltifying trees (a 200-app {@code apps/} tree per commit), and the commits are
 * independent once their headers are parsed, so a batch is split into contiguous slices read on
 * several threads, each with its own {@link ObjectReader} (readers are single-threaded; JGit's pack
 * cache is shared). Contiguous slices keep the parent's lookup reusable as the next commit's.
 *
 * <p>The worker threads are daemons that end after a short idle time; when all are busy (several
 * walks at once) the caller reads the slice itself, so a walk never waits for a free thread.
 */
final class PathChanges {
  /** Below this many commits per thread, splitting costs more than it saves. */
  private static final int MIN_SLICE = 64;

  private static final int THREADS = Math.max(1, Math.min(4, availableProcessors()));
  private static final ExecutorService WORKERS = workers();

  private final Repository repository;
  private final String path;

  PathChanges(Repository repository, String path) {
    this.repository = repository;
    this.path = path;
  }

  /**
   * For each commit, whether its tree at the path differs from its first parent's (a root commit
   * differs when it holds the path). The first parents' headers must be parsed.
   */
  boolean[] changed(List<RevCommit> commits) throws IOException {
    boolean[] changed = new boolean[commits.size()];
    int slices = Math.max(1, Math.min(THREADS, commits.size() / MIN_SLICE));
    int size = (commits.size() + slices - 1) / slices;
    List<Future<?>> others = new ArrayList<>();
    for (int slice = 1; slice < slices; slice++) {
      int from = slice * size;
      int to = Math.min(commits.size(), from + size);
      others.add(WORKERS.submit(() -> readUnchecked(commits, from, to, changed)));
    }
    read(commits, 0, Math.min(commits.size(), size), changed);
    for (Future<?> other : others) {
      await(other);
    }
    return changed;
  }

  private void readUnchecked(List<RevCommit> commits, int from, int to, boolean[] changed) {
    try {
      read(commits, from, to, changed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(List<RevCommit> commits, int from, int to, boolean[] changed)
      throws IOException {
    try (ObjectReader reader = repository.newObjectReader()) {
      PathLookup lookup = new PathLookup(path, reader);
      for (int i = from; i < to; i++) {
        RevCommit commit = commits.get(i);
        ObjectId parent = commit.getParentCount() > 0 ? commit.getParent(0).getTree() : null;
        changed[i] = lookup.differs(commit.getTree(), parent);
      }
    }
  }

  private static void await(Future<?> slice) throws IOException {
    try {
      slice.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the history");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException(cause);
    }
  }

  private static int availableProcessors() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static ExecutorService workers() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "gitops-history-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    // No queue: a slice either gets an idle (or new) thread at once or runs on the caller.
    return new ThreadPoolExecutor(
        0,
        Math.max(1, THREADS - 1),
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        factory,
        new ThreadPoolExecutor.CallerRunsPolicy());
  }
}
