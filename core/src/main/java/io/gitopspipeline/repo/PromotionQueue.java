package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One push at a time per repository and branch in this JVM. Promotions to the same branch (of the
 * same remote, with the same credentials) line up in a lane: while one batch is being pushed the
 * others wait, and when it lands the thread of one waiting promotion takes every promotion then
 * waiting and pushes them together (group commit). Lanes of different branches or repositories
 * never wait for each other. There is no background thread: the callers' threads do the work.
 */
final class PromotionQueue {
  private static final PromotionQueue JVM = new PromotionQueue(100);

  /** Pushes one batch; must leave every promotion of it {@link QueuedPromotion#done() done}. */
  interface BatchPusher {
    void push(List<QueuedPromotion> batch);
  }

  /** What promotions share a lane. Credentials are part of it: nobody pushes with another's. */
  record Key(String remote, String branch, GitCredentials credentials) {}

  private final int maxBatch;
  private final Map<Key, Lane> lanes = new ConcurrentHashMap<>();

  /** How many lanes exist now; for tests. */
  int lanes() {
    return lanes.size();
  }

  PromotionQueue(int maxBatch) {
    this.maxBatch = maxBatch;
  }

  /** The queue shared by every {@link Promoter} of this JVM. */
  static PromotionQueue shared() {
    return JVM;
  }

  private static final class Lane {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final ArrayDeque<QueuedPromotion> waiting = new ArrayDeque<>();
    boolean pushing;
  }

  /**
   * Queues {@code promotion} and returns its result once a batch holding it was pushed (by this
   * thread or another); throws its failure.
   */
  PromotionResult submit(Key key, QueuedPromotion promotion, BatchPusher pusher)
      throws GitOpsException {
    Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
    lane.lock.lock();
    try {
      lane.waiting.add(promotion);
      while (!promotion.done()) {
        if (!lane.pushing) {
          lead(lane, pusher);
          continue;
        }
        long remaining = promotion.clock().remainingNanos();
        if (remaining <= 0 && lane.waiting.remove(promotion)) {
          promotion.fail(
              new GitOpsException(
                  "gave up promoting "
                      + promotion.promotion().app()
                      + ": waited for the whole timeout while other promotions of this process"
                      + " pushed to "
                      + key.branch()
                      + "; nothing of this promotion was pushed; allow a longer timeout"));
          break;
        }
        // In a batch already: its pusher bounds it by every promotion's deadline.
        long wait = remaining > 0 ? remaining : TimeUnit.SECONDS.toNanos(1);
        try {
          lane.changed.awaitNanos(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          if (lane.waiting.remove(promotion)) {
            promotion.fail(
                new GitOpsException(
                    "interrupted while waiting to push " + promotion.promotion().app()));
          } else {
            throw new GitOpsException(
                "interrupted while the promotion of "
                    + promotion.promotion().app()
                    + " was being pushed by another thread; check "
                    + key.branch()
                    + " for its commit");
          }
        }
      }
    } finally {
      if (lane.waiting.isEmpty() && !lane.pushing) {
        // An idle lane is dropped, so the queue holds no credentials between promotions. A
        // thread that still reaches the dropped lane just pushes on its own; the remote's
        // compare-and-swap keeps that correct.
        lanes.remove(key, lane);
      }
      lane.lock.unlock();
    }
    return promotion.outcome();
  }

  /** Takes every waiting promotion (up to the batch size) and pushes them, lock released. */
  private void lead(Lane lane, BatchPusher pusher) {
    lane.pushing = true;
    List<QueuedPromotion> batch = new ArrayList<>();
    while (!lane.waiting.isEmpty() && batch.size() < maxBatch) {
      batch.add(lane.waiting.poll());
    }
    lane.lock.unlock();
    try {
      pusher.push(batch);
    } catch (RuntimeException | Error e) {
      for (QueuedPromotion promotion : batch) {
        promotion.fail(
            new GitOpsException(
                "the push of "
                    + promotion.promotion().app()
                    + " failed unexpectedly: "
                    + e.getClass().getSimpleName(),
                e));
      }
      throw e;
    } finally {
      lane.lock.lock();
      lane.pushing = false;
      lane.changed.signalAll();
    }
  }
}
