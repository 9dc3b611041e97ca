package io.gitopspipeline.bench.sync;

import io.gitopspipeline.sync.RevisionAncestry;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitRegistry;
import io.gitopspipeline.sync.WaitRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Retained heap per registered wait (one target, a UUID id, a timer on the scheduler): heap after
 * registering {@code N} waits minus heap before, divided by N, after full GCs. Run: {@code java -cp
 * bench/target/benchmarks.jar io.gitopspipeline.bench.sync.WaitMemory [N]}.
 */
public final class WaitMemory {
  private WaitMemory() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    WaitRegistry registry = new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC());
    Instant deadline = Instant.now().plusSeconds(24 * 3600);
    // warm up the classes and the scheduler's queue growth outside the measurement
    for (int i = 0; i < 1000; i++) {
      registry
          .register(
              new WaitRequest(
                  "warm-" + i,
                  SyncEventsBenchmark.SHA,
                  List.of(SyncEventsBenchmark.target(i)),
                  deadline),
              WaitListener.NONE)
          .cancel();
    }
    long before = usedAfterGc();
    for (int i = 0; i < count; i++) {
      // each wait gets its own id and revision strings, as waits from different builds would
      String revision = new String(SyncEventsBenchmark.SHA.toCharArray());
      registry.register(
          new WaitRequest(
              UUID.randomUUID().toString(),
              revision,
              List.of(SyncEventsBenchmark.target(i)),
              deadline),
          WaitListener.NONE);
    }
    long after = usedAfterGc();
    System.out.printf(
        "waits=%d retained=%d bytes per-wait=%d bytes (registry size %d)%n",
        count, after - before, (after - before) / count, registry.size());
    registry.close();
    scheduler.shutdownNow();
  }

  private static long usedAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }
}
