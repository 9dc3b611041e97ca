package io.gitopspipeline.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recent events, so a wait registered after its events arrived (the reconciler was quicker than the
 * pipeline) still sees them. Bounded in total and per target, and expiring; not thread-safe (the
 * registry guards it).
 */
final class EventBuffer {
  static final int PER_TARGET = 16;

  private static final class Buffered {
    final String key;
    final SyncEvent event;
    final Instant receivedAt;

    Buffered(String key, SyncEvent event, Instant receivedAt) {
      this.key = key;
      this.event = event;
      this.receivedAt = receivedAt;
    }
  }

  private final int maxEvents;
  private final Duration ttl;
  private final ArrayDeque<Buffered> arrival = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Buffered>> byTarget = new HashMap<>();

  EventBuffer(int maxEvents, Duration ttl) {
    this.maxEvents = maxEvents;
    this.ttl = ttl;
  }

  static String key(Target target) {
    return target.kind().toLowerCase(java.util.Locale.ROOT)
        + "/"
        + target.namespace()
        + "/"
        + target.name();
  }

  void add(SyncEvent event, Instant now) {
    expire(now);
    if (maxEvents == 0) {
      return;
    }
    String key = key(event.target());
    ArrayDeque<Buffered> forTarget = byTarget.computeIfAbsent(key, k -> new ArrayDeque<>());
    for (Buffered b : forTarget) {
      if (b.event.equals(event)) {
        return; // a retried delivery or a repeated poll
      }
    }
    Buffered buffered = new Buffered(key, event, now);
    forTarget.addLast(buffered);
    if (forTarget.size() > PER_TARGET) {
      forTarget.removeFirst();
    }
    arrival.addLast(buffered);
    while (arrival.size() > maxEvents) {
      drop(arrival.removeFirst());
    }
  }

  /** Buffered events that may be about {@code target}, oldest first. */
  List<SyncEvent> eventsFor(Target target, Instant now) {
    expire(now);
    String kind = target.kind().toLowerCase(java.util.Locale.ROOT);
    List<SyncEvent> found = new ArrayList<>();
    for (String key :
        new String[] {
          key(target),
          kind + "/" + Target.ANY + "/" + target.name(),
          kind + "/" + target.namespace() + "/" + Target.ANY,
          kind + "/" + Target.ANY + "/" + Target.ANY
        }) {
      ArrayDeque<Buffered> forKey = byTarget.get(key);
      if (forKey != null) {
        for (Buffered b : forKey) {
          if (target.matches(b.event.target())) {
            found.add(b.event);
          }
        }
      }
    }
    return found;
  }

  int size() {
    return arrival.size();
  }

  private void expire(Instant now) {
    Instant oldest = now.minus(ttl);
    while (!arrival.isEmpty() && arrival.peekFirst().receivedAt.isBefore(oldest)) {
      drop(arrival.removeFirst());
    }
  }

  private void drop(Buffered buffered) {
    ArrayDeque<Buffered> forKey = byTarget.get(buffered.key);
    if (forKey != null) {
      forKey.removeFirstOccurrence(buffered);
      if (forKey.isEmpty()) {
        byTarget.remove(buffered.key);
      }
    }
  }
}
