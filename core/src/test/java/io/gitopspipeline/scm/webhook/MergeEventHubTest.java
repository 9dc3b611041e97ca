package io.gitopspipeline.scm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.scm.MergeSignals;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestState;
import io.gitopspipeline.scm.RepositoryId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeEventHubTest {
  static final String MERGE = "7e48f426f0a6e47c5b5e862c31be6ca965f82c9c";
  static final RepositoryId REPO = new RepositoryId(java.util.List.of("acme", "ops"));

  private final MergeEventHub hub = new MergeEventHub();

  private static ScmEvent event(ScmEvent.Kind kind, String commit) {
    return new ScmEvent(ProviderType.GITHUB, "acme/ops", 5, kind, commit, null, "octocat");
  }

  @Test
  void aMergeThatCameBeforeTheWaitIsThereWhenItSubscribes() throws Exception {
    hub.accept(event(ScmEvent.Kind.MERGED, MERGE));

    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      Optional<PullRequest> outcome = signals.await(Duration.ZERO);

      assertThat(outcome).get().extracting(PullRequest::mergeCommit).isEqualTo(MERGE);
    }
  }

  @Test
  void aMergeWakesAWaitingSubscriber() throws Exception {
    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      Thread merger = new Thread(() -> hub.accept(event(ScmEvent.Kind.MERGED, MERGE)));
      merger.start();

      Optional<PullRequest> outcome = signals.await(Duration.ofSeconds(30));

      merger.join();
      assertThat(outcome).get().extracting(PullRequest::state).isEqualTo(PullRequestState.MERGED);
    }
  }

  @Test
  void aRepeatedDeliveryChangesNothing() {
    assertThat(hub.deliver(event(ScmEvent.Kind.MERGED, MERGE))).isTrue();
    assertThat(hub.deliver(event(ScmEvent.Kind.MERGED, MERGE))).isFalse();
    assertThat(hub.buffered()).isEqualTo(1);
  }

  @Test
  void anUpdateDeliveredAfterTheMergeDoesNotUndoIt() throws Exception {
    hub.accept(event(ScmEvent.Kind.MERGED, MERGE));

    assertThat(hub.deliver(event(ScmEvent.Kind.UPDATED, "1".repeat(40)))).isFalse();
    assertThat(hub.deliver(event(ScmEvent.Kind.CLOSED, null))).isFalse();
    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      assertThat(signals.await(Duration.ZERO))
          .get()
          .extracting(PullRequest::mergeCommit)
          .isEqualTo(MERGE);
    }
  }

  @Test
  void aMergeAfterACloseWins() throws Exception {
    hub.accept(event(ScmEvent.Kind.CLOSED, null));
    hub.accept(event(ScmEvent.Kind.MERGED, MERGE));

    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      assertThat(signals.await(Duration.ZERO))
          .get()
          .extracting(PullRequest::state)
          .isEqualTo(PullRequestState.MERGED);
    }
  }

  @Test
  void anUpdateAloneEndsNoWait() throws Exception {
    hub.accept(event(ScmEvent.Kind.UPDATED, "1".repeat(40)));

    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      assertThat(signals.await(Duration.ofMillis(1))).isEmpty();
    }
  }

  @Test
  void eventsAboutAnotherRepositoryOrNumberReachNoWait() throws Exception {
    hub.accept(
        new ScmEvent(
            ProviderType.GITHUB, "acme/other", 5, ScmEvent.Kind.MERGED, MERGE, null, null));
    hub.accept(
        new ScmEvent(ProviderType.GITHUB, "acme/ops", 6, ScmEvent.Kind.MERGED, MERGE, null, null));
    hub.accept(
        new ScmEvent(ProviderType.GITLAB, "acme/ops", 5, ScmEvent.Kind.MERGED, MERGE, null, null));

    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      assertThat(signals.await(Duration.ofMillis(1))).isEmpty();
    }
  }

  @Test
  void repositoryNamesCompareIgnoringCase() throws Exception {
    hub.accept(
        new ScmEvent(ProviderType.GITHUB, "ACME/Ops", 5, ScmEvent.Kind.MERGED, MERGE, null, null));

    try (MergeSignals signals = hub.subscribe(ProviderType.GITHUB, REPO, 5)) {
      assertThat(signals.await(Duration.ZERO)).isPresent();
    }
  }

  @Test
  void anAzureEventMatchesTheWaitByProjectAndRepository() throws Exception {
    hub.accept(
        new ScmEvent(
            ProviderType.AZURE, "Fabrikam/Fabrikam", 1, ScmEvent.Kind.MERGED, MERGE, null, null));

    RepositoryId azure = new RepositoryId(java.util.List.of("fabrikam", "Fabrikam", "Fabrikam"));
    try (MergeSignals signals = hub.subscribe(ProviderType.AZURE, azure, 1)) {
      assertThat(signals.await(Duration.ZERO)).isPresent();
    }
  }

  @Test
  void bufferedEventsExpire() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    MutableClock clock = new MutableClock(start);
    MergeEventHub expiring = new MergeEventHub(clock, 10, Duration.ofMinutes(1));
    expiring.accept(event(ScmEvent.Kind.MERGED, MERGE));

    clock.now = start.plus(Duration.ofMinutes(2));

    try (MergeSignals signals = expiring.subscribe(ProviderType.GITHUB, REPO, 5)) {
      assertThat(signals.await(Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void theBufferKeepsTheNewestPullRequests() {
    MergeEventHub small = new MergeEventHub(Clock.systemUTC(), 2, Duration.ofHours(1));
    for (int number = 1; number <= 3; number++) {
      small.accept(
          new ScmEvent(
              ProviderType.GITHUB, "acme/ops", number, ScmEvent.Kind.MERGED, MERGE, null, null));
    }

    assertThat(small.buffered()).isEqualTo(2);
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
