package io.gitopspipeline.repo;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * One direct-mode promotion on its way to the environment branch: what to write, its own message
 * and progress listener, its own deadline, and (once done) its result or failure. Whichever thread
 * pushes the batch it is part of fills in the outcome; the promotion's own thread reads it after
 * the {@link PromotionQueue} lane's lock says it is done.
 */
final class QueuedPromotion {
  private final Promotion promotion;
  private final DesiredState desired;
  private final String target;
  private final String message;
  private final ProgressListener progress;
  private final RetryClock clock;

  private Repository stagedIn;
  private Map<String, ObjectId> staged;
  private String lastFailure;
  private volatile boolean done;
  private PromotionResult result;
  private GitOpsException failure;

  QueuedPromotion(
      Promotion promotion,
      DesiredState desired,
      String target,
      String message,
      ProgressListener progress,
      RetryClock clock) {
    this.promotion = promotion;
    this.desired = desired;
    this.target = target;
    this.message = message;
    this.progress = progress;
    this.clock = clock;
  }

  Promotion promotion() {
    return promotion;
  }

  DesiredState desired() {
    return desired;
  }

  String target() {
    return target;
  }

  String message() {
    return message;
  }

  ProgressListener progress() {
    return progress;
  }

  RetryClock clock() {
    return clock;
  }

  /** The desired files' blob ids in {@code repository}, if staged there already. */
  Map<String, ObjectId> stagedIn(Repository repository) {
    return repository == stagedIn ? staged : null;
  }

  void staged(Repository repository, Map<String, ObjectId> blobs) {
    this.stagedIn = repository;
    this.staged = blobs;
  }

  String lastFailure() {
    return lastFailure;
  }

  void failedAttempt(String reason) {
    this.lastFailure = reason;
  }

  boolean done() {
    return done;
  }

  void succeed(PromotionResult value) {
    if (!done) {
      this.result = value;
      this.done = true;
    }
  }

  void fail(GitOpsException error) {
    if (!done) {
      this.failure = error;
      this.done = true;
    }
  }

  PromotionResult outcome() throws GitOpsException {
    if (failure != null) {
      throw failure;
    }
    return result;
  }
}
