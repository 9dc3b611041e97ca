package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The pull request flows every provider shares: open-or-update (never a duplicate), safe
 * auto-merge, and waiting for the merge with backoff.
 */
public final class PullRequestService {
  private static final String TOPIC = "scm";

  private final ScmProvider provider;
  private final ScmContext context;

  public PullRequestService(ScmProvider provider, ScmContext context) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Updates the open pull request from the spec's head into its base, or opens one when there is
   * none. The body is cut to what the provider accepts.
   */
  public PullRequest openOrUpdate(PullRequestSpec spec) throws GitOpsException {
    spec.validate();
    PullRequestSpec fitted =
        spec.withBody(PullRequestBody.fit(spec.body(), provider.maxBodyLength()));
    Optional<PullRequest> existing = provider.findOpen(spec.headBranch(), spec.baseBranch());
    if (existing.isPresent()) {
      PullRequest updated = provider.update(existing.get(), fitted);
      context
          .progress()
          .info(TOPIC, "Updated pull request #" + updated.number() + ": " + updated.url());
      return updated;
    }
    try {
      PullRequest created = provider.create(fitted);
      context
          .progress()
          .info(TOPIC, "Opened pull request #" + created.number() + ": " + created.url());
      return created;
    } catch (ScmUnavailableException unavailable) {
      throw unavailable;
    } catch (GitOpsException refused) {
      // Another pipeline may have opened it between our look and our create (GitHub 422 "already
      // exists", GitLab/Azure/Gitea/Bitbucket 409): update that one instead of failing.
      Optional<PullRequest> raced = provider.findOpen(spec.headBranch(), spec.baseBranch());
      if (raced.isPresent()) {
        PullRequest updated = provider.update(raced.get(), fitted);
        context
            .progress()
            .info(TOPIC, "Updated pull request #" + updated.number() + ": " + updated.url());
        return updated;
      }
      // Providers answer a missing branch with 404, 400 or 422: say which branch it is.
      throw explainMissing(refused, spec.headBranch(), spec.baseBranch());
    }
  }

  /**
   * Turns on the provider's native auto-merge.
   *
   * @return true when native auto-merge is on; false when there is none and the caller should wait
   *     with {@link MergeWait#mergeWhenReady()}
   */
  public boolean enableAutoMerge(PullRequest pullRequest) throws GitOpsException {
    boolean enabled = provider.enableAutoMerge(pullRequest);
    if (enabled) {
      context
          .progress()
          .info(
              TOPIC,
              "Auto-merge enabled on #" + pullRequest.number() + "; required checks still apply");
    } else {
      context
          .progress()
          .warn(
              TOPIC,
              provider.type().displayName()
                  + " has no auto-merge for #"
                  + pullRequest.number()
                  + "; it will be merged once the provider reports it mergeable and its checks pass");
    }
    return enabled;
  }

  /** While webhooks can deliver the outcome, polls are this many times further apart. */
  static final int SIGNALLED_POLL_SLOWDOWN = 6;

  /**
   * Polls, with backoff, until the pull request is merged.
   *
   * @return the merge commit
   * @throws PullRequestClosedException when it was closed without merging, naming who closed it
   *     where the provider says
   * @throws MergeWaitTimedOutException when it is still open at the deadline
   */
  public MergeOutcome waitForMerge(long number, MergeWait wait) throws GitOpsException {
    return waitForMerge(number, wait, MergeSignals.NONE);
  }

  /**
   * As {@link #waitForMerge(long, MergeWait)}, ending as soon as {@code signals} (the provider's
   * webhook) reports the merge or the close; polling continues, {@value #SIGNALLED_POLL_SLOWDOWN}
   * times slower, as the safety net for a lost event. A merge event without a full merge commit
   * makes the next poll happen at once.
   */
  public MergeOutcome waitForMerge(long number, MergeWait wait, MergeSignals signals)
      throws GitOpsException {
    Instant deadline = context.clock().instant().plus(wait.timeout());
    int slowdown = signals.live() ? SIGNALLED_POLL_SLOWDOWN : 1;
    Duration maxInterval = wait.maxInterval().multipliedBy(slowdown);
    Duration pause = wait.interval().multipliedBy(slowdown);
    PullRequest last = null;
    MergeSignals active = signals;
    while (true) {
      Optional<PullRequest> pushed =
          active.live() ? awaitSignal(active, Duration.ZERO, number) : Optional.empty();
      if (pushed.isEmpty()) {
        try {
          last = checkMerge(number, wait.mergeWhenReady());
          if (last.state() == PullRequestState.MERGED) {
            return new MergeOutcome(
                number, last.url(), PullRequestState.MERGED.jsonName(), last.mergeCommit());
          }
        } catch (ScmUnavailableException unavailable) {
          context.progress().warn(TOPIC, unavailable.getMessage() + "; polling again");
        }
      }
      Instant now = context.clock().instant();
      if (pushed.isEmpty() && !now.isBefore(deadline)) {
        throw new MergeWaitTimedOutException(
            provider.type().displayName()
                + " pull request #"
                + number
                + " on "
                + provider.repository()
                + " is still "
                + (last == null ? "unknown" : last.state().jsonName())
                + " after "
                + humane(wait.timeout())
                + (last == null ? "" : "; review it at " + last.url()),
            last);
      }
      Duration remaining = Duration.between(now, deadline);
      Duration sleep = pause.compareTo(remaining) < 0 ? pause : remaining;
      if (pushed.isEmpty()) {
        context
            .progress()
            .debug(TOPIC, "Pull request #" + number + " still open; next look in " + humane(sleep));
        if (active.live()) {
          pushed = awaitSignal(active, sleep, number);
        } else {
          try {
            context.sleeper().sleep(sleep);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitOpsException("interrupted while waiting for pull request #" + number);
          }
        }
      }
      if (pushed.isPresent()) {
        PullRequest event = pushed.get();
        if (event.state() == PullRequestState.CLOSED) {
          throw closedWithoutMerge(number, event);
        }
        if (event.mergeCommit() != null && event.mergeCommit().length() >= 40) {
          context
              .progress()
              .info(
                  TOPIC,
                  "Pull request #" + number + " merged as " + event.mergeCommit() + " (webhook)");
          String url = event.url() != null ? event.url() : last == null ? null : last.url();
          return new MergeOutcome(
              number, url, PullRequestState.MERGED.jsonName(), event.mergeCommit());
        }
        // merged, but the event names no full merge commit: poll at once (and on) to read it
        active = MergeSignals.NONE;
        pause = wait.interval();
        continue;
      }
      Duration doubled = pause.multipliedBy(2);
      pause = doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
    }
  }

  private static Optional<PullRequest> awaitSignal(MergeSignals signals, Duration max, long number)
      throws GitOpsException {
    try {
      return signals.await(max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while waiting for pull request #" + number);
    }
  }

  /**
   * One look at a pull request, for callers that schedule their own looks (the Jenkins step waits
   * without holding a thread); {@link #waitForMerge} is these looks with backoff.
   *
   * @param mergeWhenReady merge it first when the provider reports it mergeable and its checks
   *     green, then look again
   * @return the pull request, {@link PullRequestState#MERGED} (with its merge commit) or still
   *     {@link PullRequestState#OPEN}
   * @throws PullRequestClosedException when it was closed without merging
   * @throws ScmUnavailableException when the provider could not be reached: worth looking again
   */
  public PullRequest checkMerge(long number, boolean mergeWhenReady) throws GitOpsException {
    PullRequest pullRequest = provider.get(number);
    if (pullRequest.state() == PullRequestState.OPEN
        && mergeWhenReady
        && mergeIfReady(pullRequest)) {
      pullRequest = provider.get(number); // the merge commit is there now
    }
    if (pullRequest.state() == PullRequestState.MERGED) {
      context
          .progress()
          .info(TOPIC, "Pull request #" + number + " merged as " + pullRequest.mergeCommit());
    } else if (pullRequest.state() == PullRequestState.CLOSED) {
      throw closedWithoutMerge(number, pullRequest);
    }
    return pullRequest;
  }

  private PullRequestClosedException closedWithoutMerge(long number, PullRequest pullRequest) {
    return new PullRequestClosedException(
        provider.type().displayName()
            + " pull request #"
            + number
            + " on "
            + provider.repository()
            + " was closed without merging"
            + (pullRequest.closedBy() == null
                ? " (the provider does not say by whom)"
                : " by " + pullRequest.closedBy())
            + "; the promotion did not happen",
        pullRequest);
  }

  /** The pull request as it is now. */
  public PullRequest status(long number) throws GitOpsException {
    return provider.get(number);
  }

  /** Sets a commit status on a commit of the provider's repository. */
  public void setCommitStatus(String sha, CommitStatus status) throws GitOpsException {
    if (sha == null || !sha.matches("[0-9a-fA-F]{7,64}")) {
      throw new io.gitopspipeline.api.InvalidInputException(
          "commit '" + sha + "' is not a commit SHA (7 to 64 hex digits)");
    }
    provider.setCommitStatus(sha, status);
  }

  /** Comments on a pull request. */
  public void comment(long number, String body) throws GitOpsException {
    provider.comment(number, PullRequestBody.fit(body, provider.maxBodyLength()));
  }

  private boolean mergeIfReady(PullRequest pullRequest) throws GitOpsException {
    if (!Boolean.TRUE.equals(pullRequest.mergeable())) {
      return false;
    }
    ChecksState checks = provider.checks(pullRequest);
    if (!checks.green()) {
      context
          .progress()
          .debug(TOPIC, "Pull request #" + pullRequest.number() + " checks: " + checks);
      return false;
    }
    try {
      provider.merge(pullRequest);
      context
          .progress()
          .info(
              TOPIC, "Merged pull request #" + pullRequest.number() + " (mergeable, checks green)");
      return true;
    } catch (ScmUnavailableException | ScmNotFoundException e) {
      throw e;
    } catch (GitOpsException refused) {
      // The provider changed its mind between the look and the merge (a new push, a check); it
      // stays open and we look again later.
      context
          .progress()
          .warn(TOPIC, "Merge of #" + pullRequest.number() + " refused: " + refused.getMessage());
      return false;
    }
  }

  private GitOpsException explainMissing(GitOpsException notFound, String head, String base) {
    try {
      for (String branch : new String[] {base, head}) {
        if (!provider.branchExists(branch)) {
          return new ScmNotFoundException(
              "branch '"
                  + branch
                  + "' does not exist in "
                  + provider.type().displayName()
                  + " repository "
                  + provider.repository()
                  + (branch.equals(head)
                      ? "; push it before opening the pull request"
                      : "; check the base branch"));
        }
      }
    } catch (ScmNotFoundException repositoryMissing) {
      return ScmFailures.repositoryMissing(provider.type(), provider.repository());
    } catch (GitOpsException other) {
      return notFound;
    }
    return notFound;
  }

  static String humane(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 120) {
      return seconds + "s";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
  }
}
