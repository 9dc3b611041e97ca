package io.gitopspipeline.bench.sync;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Events per CPU-second of one thread through {@link SyncEventsBenchmark#handleSignedEvent} (HMAC
 * verify + parse + match against 10,000 waits), and per-event latency percentiles, on a machine
 * shared with other work: thread CPU time, unlike wall time, does not count time other processes
 * held the core. Run: {@code java -cp bench/target/benchmarks.jar
 * io.gitopspipeline.bench.sync.SyncCpuThroughput [events]}.
 */
public final class SyncCpuThroughput {
  private SyncCpuThroughput() {}

  public static void main(String[] args) {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    SyncEventsBenchmark bench = new SyncEventsBenchmark();
    bench.waits = 10_000;
    bench.setUp();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < events; i++) {
      bench.handleSignedEvent(); // warm-up
    }
    long[] wall = new long[events];
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < events; i++) {
      long t0 = System.nanoTime();
      bench.handleSignedEvent();
      wall[i] = System.nanoTime() - t0;
    }
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    bench.tearDown();
    Arrays.sort(wall);
    System.out.printf(
        "events=%d cpu=%.3fs events/cpu-s=%.0f p50=%.1fus p99=%.1fus p99.9=%.1fus (wall, per event)%n",
        events,
        cpu / 1e9,
        events / (cpu / 1e9),
        wall[events / 2] / 1e3,
        wall[(int) (events * 0.99)] / 1e3,
        wall[(int) (events * 0.999)] / 1e3);
  }
}
