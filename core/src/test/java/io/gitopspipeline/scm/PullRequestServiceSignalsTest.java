package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The merge wait's event path: webhook outcomes end it, polling goes on slower meanwhile. */
class PullRequestServiceSignalsTest {
  static final String MERGE = "7e48f426f0a6e47c5b5e862c31be6ca965f82c9c";
  private final FakeTime time = new FakeTime();
  private final MergeWait wait =
      new MergeWait(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofMinutes(10), false);

  /** Signals scripted per wait: each await of a positive duration takes the next answer. */
  private final class Scripted implements MergeSignals {
    final Deque<Optional<PullRequest>> answers = new ArrayDeque<>();
    final List<Duration> waited = new ArrayList<>();

    @Override
    public boolean live() {
      return true;
    }

    @Override
    public Optional<PullRequest> await(Duration max) throws InterruptedException {
      if (max.isZero()) {
        return Optional.empty();
      }
      waited.add(max);
      Optional<PullRequest> answer = answers.isEmpty() ? Optional.empty() : answers.poll();
      if (answer.isEmpty()) {
        time.context().sleeper().sleep(max);
      }
      return answer;
    }

    @Override
    public void close() {}
  }

  private static PullRequest pushed(PullRequestState state, String commit) {
    return new PullRequest(
        3, null, state, null, null, null, commit, "octocat", null, List.of(), null, null);
  }

  @Test
  void aMergeEventEndsTheWaitWithItsCommitWithoutAnotherPoll() throws Exception {
    PullRequestServiceTest.AlwaysOpen provider = new PullRequestServiceTest.AlwaysOpen();
    Scripted signals = new Scripted();
    signals.answers.add(Optional.of(pushed(PullRequestState.MERGED, MERGE)));

    MergeOutcome outcome =
        new PullRequestService(provider, time.context()).waitForMerge(3, wait, signals);

    assertThat(outcome.mergeCommit()).isEqualTo(MERGE);
    assertThat(outcome.url()).isEqualTo("https://example.com/pr/3"); // from the poll before
    assertThat(provider.polls).isEqualTo(1);
  }

  @Test
  void aCloseEventEndsTheWaitAsClosedNamingWhoClosedIt() {
    PullRequestServiceTest.AlwaysOpen provider = new PullRequestServiceTest.AlwaysOpen();
    Scripted signals = new Scripted();
    signals.answers.add(Optional.of(pushed(PullRequestState.CLOSED, null)));

    assertThatThrownBy(
            () -> new PullRequestService(provider, time.context()).waitForMerge(3, wait, signals))
        .isInstanceOf(PullRequestClosedException.class)
        .hasMessageContaining("closed without merging by octocat");
  }

  @Test
  void aMergeEventWithoutAFullCommitMakesTheWaitPollAtOnce() throws Exception {
    PullRequestServiceTest.AlwaysOpen provider =
        new PullRequestServiceTest.AlwaysOpen() {
          @Override
          public PullRequest get(long number) {
            PullRequest open = super.get(number);
            return polls < 2
                ? open
                : new PullRequest(
                    number,
                    open.url(),
                    PullRequestState.MERGED,
                    "h",
                    "main",
                    "abc",
                    MERGE,
                    null,
                    "t",
                    List.of(),
                    null,
                    null);
          }
        };
    Scripted signals = new Scripted();
    signals.answers.add(Optional.of(pushed(PullRequestState.MERGED, "7e48f426f0a6")));

    MergeOutcome outcome =
        new PullRequestService(provider, time.context()).waitForMerge(3, wait, signals);

    assertThat(outcome.mergeCommit()).isEqualTo(MERGE);
    assertThat(provider.polls).isEqualTo(2);
    assertThat(signals.waited).hasSize(1); // no pause between the event and the poll
  }

  @Test
  void whileEventsCanArriveThePollsAreSixTimesFurtherApart() {
    PullRequestServiceTest.AlwaysOpen provider = new PullRequestServiceTest.AlwaysOpen();
    Scripted signals = new Scripted();

    assertThatThrownBy(
            () -> new PullRequestService(provider, time.context()).waitForMerge(3, wait, signals))
        .isInstanceOf(MergeWaitTimedOutException.class);

    assertThat(signals.waited)
        .containsExactly(
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(3));
    assertThat(provider.polls).isEqualTo(5); // at 0, 1, 3, 7 and 10 minutes
  }

  @Test
  void withoutSignalsTheWaitPollsAtItsOwnPace() {
    PullRequestServiceTest.AlwaysOpen provider = new PullRequestServiceTest.AlwaysOpen();

    assertThatThrownBy(
            () ->
                new PullRequestService(provider, time.context())
                    .waitForMerge(3, wait, MergeSignals.NONE))
        .isInstanceOf(MergeWaitTimedOutException.class);

    assertThat(time.sleeps.get(0)).isEqualTo(Duration.ofSeconds(10));
  }
}
