package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.OperationTimedOutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullRequestServiceTest {
  private final FakeTime time = new FakeTime();

  /** A provider whose pull request stays open, as a stand-in for a slow review. */
  static class AlwaysOpen implements ScmProvider {
    int polls;

    @Override
    public ProviderType type() {
      return ProviderType.GITHUB;
    }

    @Override
    public RepositoryId repository() {
      return new RepositoryId(List.of("acme", "gitops"));
    }

    @Override
    public int maxBodyLength() {
      return 100;
    }

    @Override
    public Optional<PullRequest> findOpen(String h, String b) {
      return Optional.empty();
    }

    @Override
    public PullRequest create(PullRequestSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PullRequest update(PullRequest e, PullRequestSpec s) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PullRequest get(long number) {
      polls++;
      return new PullRequest(
          number,
          "https://example.com/pr/" + number,
          PullRequestState.OPEN,
          "h",
          "main",
          "abc",
          null,
          null,
          "t",
          List.of(),
          null,
          null);
    }

    @Override
    public boolean enableAutoMerge(PullRequest p) {
      return false;
    }

    @Override
    public ChecksState checks(PullRequest p) {
      return ChecksState.NONE;
    }

    @Override
    public void merge(PullRequest p) {
      throw new AssertionError("must not merge an unmergeable pull request");
    }

    @Override
    public void setCommitStatus(String sha, CommitStatus s) {}

    @Override
    public List<ReportedCommitStatus> commitStatuses(String sha) {
      return List.of();
    }

    @Override
    public void comment(long n, String b) {}

    @Override
    public boolean branchExists(String b) {
      return true;
    }
  }

  @Test
  void backsOffUntilTheTimeoutAndThenTimesOut() {
    AlwaysOpen provider = new AlwaysOpen();
    PullRequestService service = new PullRequestService(provider, time.context());

    assertThatThrownBy(
            () ->
                service.waitForMerge(
                    7,
                    new MergeWait(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(40),
                        Duration.ofMinutes(2),
                        true)))
        .isInstanceOf(OperationTimedOutException.class)
        .hasMessageContaining("#7")
        .hasMessageContaining("still open after 2m")
        .hasMessageContaining("https://example.com/pr/7");
    assertThat(time.sleeps)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(40),
            Duration.ofSeconds(10));
    assertThat(provider.polls).isEqualTo(6);
  }

  /**
   * A pull request in a given state; when {@code mergeable} it can be merged (checks green) and is
   * merged from then on.
   */
  private static final class OnePullRequest extends AlwaysOpen {
    PullRequestState state;
    final boolean mergeable;
    int merges;

    OnePullRequest(PullRequestState state, boolean mergeable) {
      this.state = state;
      this.mergeable = mergeable;
    }

    @Override
    public PullRequest get(long number) {
      polls++;
      return new PullRequest(
          number,
          "https://example.com/pr/" + number,
          state,
          "h",
          "main",
          "abc",
          state == PullRequestState.MERGED ? "m3rge" : null,
          state == PullRequestState.OPEN ? null : "alice",
          "t",
          List.of(),
          state == PullRequestState.OPEN ? mergeable : null,
          null);
    }

    @Override
    public void merge(PullRequest p) {
      merges++;
      state = PullRequestState.MERGED;
    }
  }

  @Test
  void oneLookAtAnOpenPullRequestReportsItOpenWithoutWaiting() throws Exception {
    AlwaysOpen provider = new AlwaysOpen();
    PullRequestService service = new PullRequestService(provider, time.context());

    PullRequest seen = service.checkMerge(7, false);

    assertThat(seen.state()).isEqualTo(PullRequestState.OPEN);
    assertThat(provider.polls).isEqualTo(1);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void oneLookAtAMergedPullRequestReturnsItsMergeCommit() throws Exception {
    PullRequestService service =
        new PullRequestService(new OnePullRequest(PullRequestState.MERGED, false), time.context());

    PullRequest seen = service.checkMerge(7, false);

    assertThat(seen.state()).isEqualTo(PullRequestState.MERGED);
    assertThat(seen.mergeCommit()).isEqualTo("m3rge");
  }

  @Test
  void oneLookAtAPullRequestClosedWithoutMergingFailsNamingWhoClosedIt() {
    PullRequestService service =
        new PullRequestService(new OnePullRequest(PullRequestState.CLOSED, false), time.context());

    assertThatThrownBy(() -> service.checkMerge(7, false))
        .isInstanceOf(PullRequestClosedException.class)
        .hasMessageContaining("#7")
        .hasMessageContaining("closed without merging by alice");
  }

  @Test
  void oneLookMergesAReadyPullRequestWhenAskedAndLooksAgain() throws Exception {
    OnePullRequest provider = new OnePullRequest(PullRequestState.OPEN, true);
    PullRequestService service = new PullRequestService(provider, time.context());

    PullRequest seen = service.checkMerge(7, true);

    assertThat(provider.merges).isEqualTo(1);
    assertThat(provider.polls).isEqualTo(2);
    assertThat(seen.state()).isEqualTo(PullRequestState.MERGED);
    assertThat(seen.mergeCommit()).isEqualTo("m3rge");
  }

  @Test
  void oneLookLeavesAReadyPullRequestAloneUnlessAsked() throws Exception {
    OnePullRequest provider = new OnePullRequest(PullRequestState.OPEN, true);
    PullRequestService service = new PullRequestService(provider, time.context());

    PullRequest seen = service.checkMerge(7, false);

    assertThat(provider.merges).isZero();
    assertThat(seen.state()).isEqualTo(PullRequestState.OPEN);
  }

  @Test
  void refusesAPullRequestFromABranchIntoItself() {
    PullRequestService service = new PullRequestService(new AlwaysOpen(), time.context());

    assertThatThrownBy(
            () ->
                service.openOrUpdate(
                    new PullRequestSpec("main", "main", "t", "", List.of(), List.of(), false)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("both 'main'");
  }

  @Test
  void refusesACommitStatusOnSomethingThatIsNotASha() {
    PullRequestService service = new PullRequestService(new AlwaysOpen(), time.context());

    assertThatThrownBy(
            () ->
                service.setCommitStatus(
                    "main; rm", new CommitStatus(CommitState.SUCCESS, "c", "", null)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void readsRateLimitHeaders() {
    var now = time.instant();
    assertThat(RateLimits.waitTime(h -> h.equals("Retry-After") ? "12" : null, now))
        .contains(Duration.ofSeconds(12));
    assertThat(
            RateLimits.waitTime(
                h -> h.equals("RateLimit-Reset") ? Long.toString(now.getEpochSecond() + 5) : null,
                now))
        .contains(Duration.ofSeconds(6));
    assertThat(RateLimits.isRateLimited(403, h -> h.equals("X-RateLimit-Remaining") ? "0" : null))
        .isTrue();
    assertThat(RateLimits.isRateLimited(403, h -> null)).isFalse();
  }
}
