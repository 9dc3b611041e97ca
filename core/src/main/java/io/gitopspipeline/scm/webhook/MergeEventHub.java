package io.gitopspipeline.scm.webhook;

import io.gitopspipeline.scm.MergeSignals;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestState;
import io.gitopspipeline.scm.RepositoryId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hands provider events to the merge waits they are about.
 *
 * <ul>
 *   <li>Each pull request keeps its latest event, bounded in number and expiring, so a wait that
 *       subscribes after its event (the reviewer was quicker than the pipeline) still sees it.
 *   <li>Merged is final; closed is final unless a merge follows (reopened and merged); an update
 *       never undoes either, so a late or retried delivery changes nothing. A repeated event is a
 *       duplicate.
 * </ul>
 *
 * Thread-safe.
 */
public final class MergeEventHub implements Consumer<ScmEvent> {
  /** Pull requests whose latest event is kept. */
  public static final int DEFAULT_BUFFERED = 10_000;

  /** How long an event is kept for a wait not subscribed yet. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private record Buffered(ScmEvent event, Instant receivedAt) {}

  private final Clock clock;
  private final int maxBuffered;
  private final Duration ttl;
  private final Object lock = new Object();
  private final LinkedHashMap<String, Buffered> latest = new LinkedHashMap<>();
  private final Map<String, List<Subscription>> subscribers = new HashMap<>();

  public MergeEventHub() {
    this(Clock.systemUTC(), DEFAULT_BUFFERED, DEFAULT_TTL);
  }

  public MergeEventHub(Clock clock, int maxBuffered, Duration ttl) {
    this.clock = clock;
    this.maxBuffered = maxBuffered;
    this.ttl = ttl;
  }

  /** Delivers an event; false when it changed nothing (a duplicate, or older news). */
  public boolean deliver(ScmEvent event) {
    List<Subscription> told;
    synchronized (lock) {
      String key = event.key();
      Instant now = clock.instant();
      expire(now);
      Buffered current = latest.get(key);
      if (current != null && !supersedes(event, current.event())) {
        return false;
      }
      latest.remove(key);
      latest.put(key, new Buffered(event, now));
      while (latest.size() > maxBuffered) {
        Iterator<String> oldest = latest.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      told = List.copyOf(subscribers.getOrDefault(key, List.of()));
    }
    told.forEach(s -> s.offer(event));
    return true;
  }

  @Override
  public void accept(ScmEvent event) {
    deliver(event);
  }

  /** Signals for one pull request; a buffered final event is there at once. */
  public MergeSignals subscribe(ProviderType provider, RepositoryId repository, long number) {
    String key = ScmEvent.key(provider, repository, number);
    Subscription subscription = new Subscription(key);
    ScmEvent early = null;
    synchronized (lock) {
      expire(clock.instant());
      subscribers.computeIfAbsent(key, k -> new ArrayList<>()).add(subscription);
      Buffered buffered = latest.get(key);
      if (buffered != null) {
        early = buffered.event();
      }
    }
    if (early != null) {
      subscription.offer(early);
    }
    return subscription;
  }

  /** Events kept for waits, for tests and diagnostics. */
  int buffered() {
    synchronized (lock) {
      return latest.size();
    }
  }

  /** True when {@code next} is news after {@code current}. */
  static boolean supersedes(ScmEvent next, ScmEvent current) {
    if (current.kind() == ScmEvent.Kind.MERGED) {
      // merged is final; only a merge event naming the commit where the first did not adds to it
      return next.kind() == ScmEvent.Kind.MERGED
          && current.commit() == null
          && next.commit() != null;
    }
    if (current.kind() == ScmEvent.Kind.CLOSED) {
      return next.kind() == ScmEvent.Kind.MERGED;
    }
    return next.kind() != ScmEvent.Kind.UPDATED || !java.util.Objects.equals(next, current);
  }

  private void expire(Instant now) {
    Instant oldest = now.minus(ttl);
    Iterator<Buffered> it = latest.values().iterator();
    while (it.hasNext()) {
      if (it.next().receivedAt().isBefore(oldest)) {
        it.remove();
      } else {
        break; // insertion order is arrival order
      }
    }
  }

  private void unsubscribe(Subscription subscription) {
    synchronized (lock) {
      List<Subscription> list = subscribers.get(subscription.key);
      if (list != null) {
        list.remove(subscription);
        if (list.isEmpty()) {
          subscribers.remove(subscription.key);
        }
      }
    }
  }

  /** One wait's view: the final event once it is there. */
  private final class Subscription implements MergeSignals {
    final String key;
    private ScmEvent outcome;

    Subscription(String key) {
      this.key = key;
    }

    synchronized void offer(ScmEvent event) {
      if (event.isFinal() && (outcome == null || supersedes(event, outcome))) {
        outcome = event;
        notifyAll();
      }
    }

    @Override
    public boolean live() {
      return true;
    }

    @Override
    public synchronized Optional<PullRequest> await(Duration max) throws InterruptedException {
      long deadline = System.nanoTime() + Math.max(0, max.toNanos());
      while (outcome == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        long millis = Math.max(1, left / 1_000_000);
        wait(millis);
      }
      return Optional.of(asPullRequest(outcome));
    }

    @Override
    public void close() {
      unsubscribe(this);
    }
  }

  private static PullRequest asPullRequest(ScmEvent event) {
    boolean merged = event.kind() == ScmEvent.Kind.MERGED;
    return new PullRequest(
        event.number(),
        event.url(),
        merged ? PullRequestState.MERGED : PullRequestState.CLOSED,
        null,
        null,
        null,
        merged ? event.commit() : null,
        event.actor(),
        null,
        List.of(),
        null,
        null);
  }
}
