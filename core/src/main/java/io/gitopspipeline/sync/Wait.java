package io.gitopspipeline.sync;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A registered wait: its current state, a future of its final state, and cancellation. */
public final class Wait {
  private final String id;
  private final WaitRegistry registry;
  private final CompletableFuture<WaitState> completion;

  Wait(String id, WaitRegistry registry, CompletableFuture<WaitState> completion) {
    this.id = id;
    this.registry = registry;
    this.completion = completion;
  }

  public String id() {
    return id;
  }

  /** The current state (the final one once done). */
  public WaitState state() {
    WaitState done = completion.getNow(null);
    return done != null ? done : registry.state(id).orElseGet(() -> completion.join());
  }

  /** Completes with the final state (never exceptionally). */
  public CompletableFuture<WaitState> completion() {
    return completion.copy();
  }

  /**
   * Blocks until the wait is done; the registry enforces the deadline, {@code slack} covers a
   * scheduler running late.
   */
  public WaitState await(Duration slack) throws InterruptedException {
    Duration remaining = Duration.between(java.time.Instant.now(), state().deadline()).plus(slack);
    try {
      return completion.get(Math.max(1, remaining.toMillis()), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      registry.expire(id);
      return completion.join();
    }
  }

  /** Cancels the wait; listeners see {@link WaitOutcome#CANCELLED}. False when already done. */
  public boolean cancel() {
    return registry.cancel(id);
  }
}
