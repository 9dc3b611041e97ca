package io.gitopspipeline.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Every registered wait, fed by events from any source; decides each wait's outcome.
 *
 * <ul>
 *   <li>An event counts for a wait when its target matches one of the wait's targets and its
 *       revision is the wait's or a later one containing it ({@link RevisionAncestry}).
 *   <li>A target that succeeded stays succeeded; a failure fails the wait at once; the wait
 *       succeeds when every target succeeded.
 *   <li>An event about an older revision than the target's current one, or older (by time) for the
 *       same revision, never changes it; a duplicate changes nothing.
 *   <li>Recent events are buffered (bounded, expiring) and applied when a wait registers, so an
 *       event that beat the pipeline is not lost.
 *   <li>Each wait times out at its deadline through the host's scheduler.
 * </ul>
 *
 * Thread-safe; listeners run after the registry's lock is released.
 */
public final class WaitRegistry implements Consumer<SyncEvent>, AutoCloseable {
  /** Events buffered for waits not registered yet. */
  public static final int DEFAULT_BUFFERED_EVENTS = 10_000;

  /** How long a buffered event is kept. */
  public static final Duration DEFAULT_BUFFER_TTL = Duration.ofHours(1);

  private final RevisionAncestry ancestry;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, Entry> waits = new HashMap<>();
  private final Map<String, List<Entry>> byTarget = new HashMap<>();
  private final EventBuffer buffer;

  /**
   * @param ancestry tells later revisions containing the awaited one; {@link
   *     RevisionAncestry#EXACT} without a repository
   * @param scheduler runs deadlines (a host's shared timer; not shut down by {@link #close})
   * @param clock the time for deadlines and buffer expiry
   */
  public WaitRegistry(RevisionAncestry ancestry, ScheduledExecutorService scheduler, Clock clock) {
    this(ancestry, scheduler, clock, DEFAULT_BUFFERED_EVENTS, DEFAULT_BUFFER_TTL);
  }

  public WaitRegistry(
      RevisionAncestry ancestry,
      ScheduledExecutorService scheduler,
      Clock clock,
      int bufferedEvents,
      Duration bufferTtl) {
    this.ancestry = Objects.requireNonNull(ancestry, "ancestry");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (bufferedEvents < 0) {
      throw new IllegalArgumentException("bufferedEvents must not be negative");
    }
    this.buffer = new EventBuffer(bufferedEvents, Objects.requireNonNull(bufferTtl, "bufferTtl"));
  }

  /**
   * Registers a wait and applies buffered events to it; it may complete before this returns (the
   * listener has then been called).
   *
   * @throws IllegalArgumentException when a wait with the same id is registered
   */
  public Wait register(WaitRequest request, WaitListener listener) {
    return add(WaitState.initial(request), listener);
  }

  /**
   * Registers a wait again from a state persisted before a restart, keeping what its targets had
   * reached; a finished state gives a finished wait without registering anything.
   */
  public Wait restore(WaitState saved, WaitListener listener) {
    if (saved.outcome().isDone()) {
      Objects.requireNonNull(listener, "listener").onComplete(saved);
      return new Wait(saved.id(), this, CompletableFuture.completedFuture(saved));
    }
    return add(saved, listener);
  }

  /** Delivers one event to every wait it counts for, and buffers it for later ones. */
  @Override
  public void accept(SyncEvent event) {
    deliver(event);
  }

  /**
   * Like {@link #accept}, returning how many waits the event changed.
   *
   * @return the number of waits whose state changed
   */
  public int deliver(SyncEvent event) {
    List<Runnable> callbacks = new ArrayList<>();
    int changed = 0;
    synchronized (lock) {
      buffer.add(event, clock.instant());
      Target reported = event.target();
      if (reported.namespace().equals(Target.ANY) || reported.name().equals(Target.ANY)) {
        for (Entry entry : List.copyOf(waits.values())) {
          changed += entry.apply(event, callbacks) ? 1 : 0;
        }
      } else {
        List<Entry> candidates = byTarget.get(EventBuffer.key(reported));
        if (candidates != null) {
          for (Entry entry : List.copyOf(candidates)) {
            changed += entry.apply(event, callbacks) ? 1 : 0;
          }
        }
      }
    }
    callbacks.forEach(WaitRegistry::runQuietly);
    return changed;
  }

  /** Cancels a wait; false when there is no such waiting wait. */
  public boolean cancel(String id) {
    List<Runnable> callbacks = new ArrayList<>();
    synchronized (lock) {
      Entry entry = waits.get(id);
      if (entry == null) {
        return false;
      }
      entry.finish(WaitOutcome.CANCELLED, callbacks);
    }
    callbacks.forEach(WaitRegistry::runQuietly);
    return true;
  }

  /** The current state of a waiting wait; empty once it is done (its future holds the end). */
  public Optional<WaitState> state(String id) {
    synchronized (lock) {
      Entry entry = waits.get(id);
      return entry == null ? Optional.empty() : Optional.of(entry.state);
    }
  }

  /** How many waits are waiting. */
  public int size() {
    synchronized (lock) {
      return waits.size();
    }
  }

  /** Times out a wait now (its deadline passed; the scheduler is late). */
  void expire(String id) {
    List<Runnable> callbacks = new ArrayList<>();
    synchronized (lock) {
      Entry entry = waits.get(id);
      if (entry != null) {
        entry.finish(WaitOutcome.TIMED_OUT, callbacks);
      }
    }
    callbacks.forEach(WaitRegistry::runQuietly);
  }

  /** Cancels every waiting wait's timer and forgets them; listeners are not called. */
  @Override
  public void close() {
    synchronized (lock) {
      for (Entry entry : waits.values()) {
        if (entry.timeout != null) {
          entry.timeout.cancel(false);
        }
      }
      waits.clear();
      byTarget.clear();
    }
  }

  private Wait add(WaitState initial, WaitListener listener) {
    Objects.requireNonNull(listener, "listener");
    CompletableFuture<WaitState> completion = new CompletableFuture<>();
    List<Runnable> callbacks = new ArrayList<>();
    synchronized (lock) {
      if (waits.containsKey(initial.id())) {
        throw new IllegalArgumentException("a wait with id " + initial.id() + " is registered");
      }
      Entry entry = new Entry(initial, listener, completion);
      waits.put(initial.id(), entry);
      for (TargetStatus status : initial.targets()) {
        byTarget
            .computeIfAbsent(EventBuffer.key(status.target()), k -> new ArrayList<>(1))
            .add(entry);
      }
      Instant now = clock.instant();
      List<SyncEvent> early = new ArrayList<>();
      for (TargetStatus status : initial.targets()) {
        early.addAll(buffer.eventsFor(status.target(), now));
      }
      early.sort(
          Comparator.comparing(SyncEvent::time, Comparator.nullsFirst(Comparator.naturalOrder())));
      for (SyncEvent event : early) {
        entry.apply(event, callbacks);
      }
      if (entry.state.outcome().isDone()) {
        // finished by early events; apply() queued the completion
      } else if (!now.isBefore(initial.deadline())) {
        entry.finish(WaitOutcome.TIMED_OUT, callbacks);
      } else {
        long delay = Duration.between(now, initial.deadline()).toMillis();
        String id = initial.id();
        entry.timeout = scheduler.schedule(() -> expire(id), delay, TimeUnit.MILLISECONDS);
      }
    }
    callbacks.forEach(WaitRegistry::runQuietly);
    return new Wait(initial.id(), this, completion);
  }

  private static void runQuietly(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      // A listener's failure is the host's; it must not stop other waits from being told.
    }
  }

  /** One waiting wait; guarded by the registry's lock. */
  private final class Entry {
    WaitState state;
    final WaitListener listener;
    final CompletableFuture<WaitState> completion;
    ScheduledFuture<?> timeout;

    Entry(WaitState state, WaitListener listener, CompletableFuture<WaitState> completion) {
      this.state = state;
      this.listener = listener;
      this.completion = completion;
    }

    /** Applies an event; true when it changed the state. */
    boolean apply(SyncEvent event, List<Runnable> callbacks) {
      if (state.outcome().isDone() || event.phase() == Phase.UNKNOWN) {
        return false;
      }
      if (!Revisions.same(event.revision(), state.revision())
          && !ancestry.contains(event.revision(), state.revision())) {
        return false;
      }
      List<TargetStatus> statuses = null;
      for (int i = 0; i < state.targets().size(); i++) {
        TargetStatus status = state.targets().get(i);
        if (status.target().matches(event.target()) && counts(status, event)) {
          if (statuses == null) {
            statuses = new ArrayList<>(state.targets());
          }
          statuses.set(i, status.with(event));
        }
      }
      if (statuses == null) {
        return false;
      }
      WaitOutcome outcome = WaitOutcome.WAITING;
      if (statuses.stream().anyMatch(s -> s.phase() == Phase.FAILED)) {
        outcome = WaitOutcome.FAILED;
      } else if (statuses.stream().allMatch(s -> s.phase() == Phase.SUCCEEDED)) {
        outcome = WaitOutcome.SUCCEEDED;
      }
      state = state.with(WaitOutcome.WAITING, statuses);
      if (outcome.isDone()) {
        finish(outcome, callbacks);
      } else {
        WaitState snapshot = state;
        callbacks.add(() -> listener.onUpdate(snapshot));
      }
      return true;
    }

    private boolean counts(TargetStatus status, SyncEvent event) {
      if (status.phase() == Phase.SUCCEEDED || status.events().contains(event)) {
        return false;
      }
      if (status.phase() == Phase.UNKNOWN || event.phase() == Phase.SUCCEEDED) {
        // a success for a revision that counts is final whenever it is delivered
        return true;
      }
      if (Revisions.same(event.revision(), status.revision())) {
        return status.time() == null
            || event.time() == null
            || !event.time().isBefore(status.time());
      }
      // a different revision older than the one the target already reached was superseded
      return !ancestry.contains(status.revision(), event.revision());
    }

    void finish(WaitOutcome outcome, List<Runnable> callbacks) {
      state = state.with(outcome, state.targets());
      waits.remove(state.id());
      for (TargetStatus status : state.targets()) {
        String key = EventBuffer.key(status.target());
        List<Entry> entries = byTarget.get(key);
        if (entries != null) {
          entries.remove(this);
          if (entries.isEmpty()) {
            byTarget.remove(key);
          }
        }
      }
      if (timeout != null) {
        timeout.cancel(false);
      }
      WaitState done = state;
      callbacks.add(
          () -> {
            // the listener first: whoever waits on the future then sees its work done
            try {
              listener.onComplete(done);
            } finally {
              completion.complete(done);
            }
          });
    }
  }
}
