package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.OperationTimedOutException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WaitRegistryTest {
  static final String R1 = "1111111111111111111111111111111111111111";
  static final String R2 = "2222222222222222222222222222222222222222";
  static final String R3 = "3333333333333333333333333333333333333333";
  static final Target APPS = Target.of("Kustomization", "flux-system", "apps");
  static final Target INFRA = Target.of("Kustomization", "flux-system", "infra");
  static final Instant T0 = Instant.parse("2026-08-20T10:00:00Z");

  /** R1 ← R2 ← R3: each later commit contains the earlier ones. */
  static final RevisionAncestry LINEAR =
      (descendant, ancestor) -> {
        List<String> order = List.of(R1, R2, R3);
        int d = order.indexOf(descendant);
        int a = order.indexOf(ancestor);
        return Revisions.same(descendant, ancestor) || (d >= 0 && a >= 0 && d >= a);
      };

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final MutableClock clock = new MutableClock(T0);
  private final List<WaitState> completed = new CopyOnWriteArrayList<>();
  private final List<WaitState> updates = new CopyOnWriteArrayList<>();
  private final WaitListener listener =
      new WaitListener() {
        @Override
        public void onComplete(WaitState state) {
          completed.add(state);
        }

        @Override
        public void onUpdate(WaitState state) {
          updates.add(state);
        }
      };
  private WaitRegistry registry = new WaitRegistry(LINEAR, scheduler, clock);

  @AfterEach
  void stop() {
    registry.close();
    scheduler.shutdownNow();
  }

  static SyncEvent event(Target target, String revision, Phase phase, int second) {
    return new SyncEvent(
        "flux", target, revision, phase, null, phase.name(), "m" + second, T0.plusSeconds(second));
  }

  private Wait waitFor(String revision, Target... targets) {
    return registry.register(
        new WaitRequest(
            "w-" + revision.substring(0, 3) + "-" + targets.length,
            revision,
            List.of(targets),
            clock.instant().plus(Duration.ofMinutes(10))),
        listener);
  }

  @Test
  void succeedsWhenEveryTargetSucceededForTheRevision() {
    Wait wait = waitFor(R1, APPS, INFRA);

    registry.accept(event(APPS, R1, Phase.PROGRESSING, 1));
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 2));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);
    assertThat(updates).hasSize(2);

    registry.accept(event(INFRA, R1, Phase.SUCCEEDED, 3));

    assertThat(completed)
        .singleElement()
        .extracting(WaitState::outcome)
        .isEqualTo(WaitOutcome.SUCCEEDED);
    assertThat(wait.completion()).isCompletedWithValue(completed.get(0));
    assertThat(wait.state().targets().get(0).events()).hasSize(2);
    assertThat(registry.size()).isZero();
  }

  @Test
  void failsAsSoonAsOneTargetFailsWithTheReconcilersMessage() {
    Wait wait = waitFor(R1, APPS, INFRA);

    registry.accept(
        new SyncEvent(
            "flux", APPS, R1, Phase.FAILED, null, "HealthCheckFailed", "timeout waiting", T0));

    WaitState state = wait.state();
    assertThat(state.outcome()).isEqualTo(WaitOutcome.FAILED);
    assertThatThrownBy(state::throwIfUnsuccessful)
        .isInstanceOf(GitOpsException.class)
        .isNotInstanceOf(OperationTimedOutException.class)
        .hasMessageContaining("HealthCheckFailed: timeout waiting")
        .hasMessageContaining(APPS.toString());
  }

  @Test
  void aLaterRevisionContainingTheAwaitedOneCounts() {
    Wait wait = waitFor(R2, APPS);

    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);

    registry.accept(event(APPS, R3, Phase.SUCCEEDED, 2));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
    assertThat(wait.state().targets().get(0).revision()).isEqualTo(R3);
  }

  @Test
  void withoutHistoryOnlyTheExactRevisionCounts() {
    registry = new WaitRegistry(RevisionAncestry.EXACT, scheduler, clock);
    Wait wait = waitFor(R2, APPS);

    registry.accept(event(APPS, R3, Phase.SUCCEEDED, 1));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);

    registry.accept(event(APPS, R2.substring(0, 7), Phase.SUCCEEDED, 2));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void eventsThatArrivedBeforeTheWaitAreApplied() {
    registry.accept(event(APPS, R1, Phase.PROGRESSING, 1));
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 2));

    Wait wait = waitFor(R1, APPS);

    assertThat(wait.completion()).isDone();
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
    assertThat(completed).hasSize(1);
  }

  @Test
  void earlyEventsExpire() {
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));
    clock.advance(WaitRegistry.DEFAULT_BUFFER_TTL.plusSeconds(1));

    Wait wait = waitFor(R1, APPS);

    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);
  }

  @Test
  void theEarlyEventBufferIsBounded() {
    registry = new WaitRegistry(LINEAR, scheduler, clock, 3, Duration.ofHours(1));
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));
    for (int i = 0; i < 3; i++) {
      registry.accept(event(Target.of("Kustomization", "x", "n" + i), R1, Phase.SUCCEEDED, 2));
    }

    assertThat(waitFor(R1, APPS).state().outcome()).isEqualTo(WaitOutcome.WAITING);
  }

  @Test
  void duplicatesAreHarmless() {
    Wait wait = waitFor(R1, APPS, INFRA);
    SyncEvent progressing = event(APPS, R1, Phase.PROGRESSING, 1);

    registry.accept(progressing);
    registry.accept(progressing);
    registry.accept(progressing);

    assertThat(wait.state().targets().get(0).events()).containsExactly(progressing);
    assertThat(updates).hasSize(1);
  }

  @Test
  void successIsNotUndoneByProgressLaterOrDeliveredLate() {
    Wait wait = waitFor(R1, APPS, INFRA);

    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 5));
    registry.accept(event(APPS, R1, Phase.PROGRESSING, 3)); // delivered late
    registry.accept(event(APPS, R1, Phase.PROGRESSING, 9)); // a later drift correction

    assertThat(wait.state().targets().get(0).phase()).isEqualTo(Phase.SUCCEEDED);
  }

  @Test
  void anOlderRevisionAfterANewerOneNeverRegresses() {
    Wait wait = waitFor(R1, APPS, INFRA);

    registry.accept(event(APPS, R3, Phase.PROGRESSING, 5));
    registry.accept(event(APPS, R2, Phase.PROGRESSING, 6));
    assertThat(wait.state().targets().get(0).revision()).isEqualTo(R3);

    registry.accept(event(APPS, R2, Phase.FAILED, 7));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);
    assertThat(wait.state().targets().get(0).phase()).isEqualTo(Phase.PROGRESSING);
  }

  @Test
  void aLateSuccessOfTheAwaitedRevisionCountsEvenAfterANewerRevisionStarted() {
    Wait wait = waitFor(R2, APPS);

    registry.accept(event(APPS, R3, Phase.PROGRESSING, 9));
    registry.accept(event(APPS, R2, Phase.SUCCEEDED, 5)); // delivered late

    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void anOlderEventForTheSameRevisionDoesNotOverrideANewerOne() {
    Wait wait = waitFor(R1, APPS);

    registry.accept(event(APPS, R1, Phase.PROGRESSING, 9));
    registry.accept(event(APPS, R1, Phase.FAILED, 4)); // a retried delivery of an old failure

    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);
  }

  @Test
  void eventsForOtherTargetsOrClustersDoNotCount() {
    Target eu = new Target("Kustomization", "flux-system", "apps", "eu1");
    Wait wait = waitFor(R1, eu);

    registry.accept(event(Target.of("Kustomization", "flux-system", "other"), R1, Phase.FAILED, 1));
    registry.accept(
        event(new Target("Kustomization", "flux-system", "apps", "us1"), R1, Phase.FAILED, 2));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);

    registry.accept(
        event(new Target("Kustomization", "flux-system", "apps", "eu1"), R1, Phase.SUCCEEDED, 3));
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void eventsNamingNoApplicationCountForEveryApplicationTarget() {
    Target app = Target.of("Application", "argocd", "podinfo");
    Wait wait = waitFor(R1, app);

    registry.accept(
        event(Target.of("Application", Target.ANY, Target.ANY), R1, Phase.SUCCEEDED, 1));

    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void timesOutReportingTheLastKnownStateOfEveryTarget() throws Exception {
    Wait wait =
        registry.register(
            new WaitRequest("short", R1, List.of(APPS, INFRA), T0.plusSeconds(2)), listener);
    registry.accept(event(APPS, R1, Phase.PROGRESSING, 0));

    WaitState state = wait.completion().get(30, TimeUnit.SECONDS);

    assertThat(state.outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
    assertThatThrownBy(state::throwIfUnsuccessful)
        .isInstanceOf(OperationTimedOutException.class)
        .hasMessageContaining(APPS + ": PROGRESSING")
        .hasMessageContaining(INFRA + ": no event about the revision yet");
    assertThat(completed).hasSize(1);
  }

  @Test
  void aWaitWhoseDeadlinePassedTimesOutAtRegistration() {
    clock.advance(Duration.ofHours(1));

    Wait wait =
        registry.register(new WaitRequest("late", R1, List.of(APPS), T0.plusSeconds(60)), listener);

    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.TIMED_OUT);
  }

  @Test
  void cancelledWaitsTellTheirListenerOnceAndIgnoreLaterEvents() {
    Wait wait = waitFor(R1, APPS);

    assertThat(wait.cancel()).isTrue();
    assertThat(wait.cancel()).isFalse();
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));

    assertThat(completed)
        .singleElement()
        .extracting(WaitState::outcome)
        .isEqualTo(WaitOutcome.CANCELLED);
  }

  @Test
  void theSameIdCannotBeRegisteredTwice() {
    waitFor(R1, APPS);

    assertThatThrownBy(() -> waitFor(R1, APPS)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPersistedStateIsRestoredAfterARestart() throws Exception {
    Wait before = waitFor(R1, APPS, INFRA);
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));
    byte[] persisted = serialise(before.state());
    registry.close();

    WaitRegistry afterRestart = new WaitRegistry(LINEAR, scheduler, clock);
    WaitState saved = (WaitState) deserialise(persisted);
    Wait after = afterRestart.restore(saved, listener);
    afterRestart.accept(event(INFRA, R1, Phase.SUCCEEDED, 2));

    assertThat(after.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
    assertThat(after.state().targets())
        .extracting(TargetStatus::phase)
        .containsOnly(Phase.SUCCEEDED);
    assertThat(persisted.length).isLessThan(4096);
    afterRestart.close();
  }

  @Test
  void longMessagesAreCutSoAPersistedWaitStaysSmall() throws Exception {
    Wait wait = waitFor(R1, APPS, INFRA);
    for (int i = 0; i < 20; i++) {
      registry.accept(
          new SyncEvent(
              "flux",
              APPS,
              R1,
              Phase.PROGRESSING,
              null,
              "Progressing",
              "x".repeat(39_000),
              T0.plusSeconds(i)));
    }

    TargetStatus apps = wait.state().targets().get(0);
    assertThat(apps.events()).hasSize(TargetStatus.MAX_EVENTS);
    assertThat(apps.message()).hasSize(SyncEvent.MAX_MESSAGE).endsWith(" [...]");
    assertThat(serialise(wait.state()).length).isLessThan(40_000);
  }

  @Test
  void restoringAFinishedStateCompletesAtOnce() {
    Wait wait = waitFor(R1, APPS);
    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));

    Wait restored = registry.restore(wait.state(), listener);

    assertThat(restored.completion()).isCompletedWithValue(wait.state());
    assertThat(registry.size()).isZero();
  }

  @Test
  void aListenerThatThrowsDoesNotStopOthers() {
    registry.register(
        new WaitRequest("bad", R1, List.of(APPS), T0.plusSeconds(600)),
        state -> {
          throw new IllegalStateException("host bug");
        });
    Wait good = waitFor(R1, APPS);

    registry.accept(event(APPS, R1, Phase.SUCCEEDED, 1));

    assertThat(good.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void thousandsOfConcurrentWaitsRegisterCompleteAndCancelSafely() throws Exception {
    int waits = 4000;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch registered = new CountDownLatch(waits);
    List<Wait> all = new CopyOnWriteArrayList<>();
    for (int i = 0; i < waits; i++) {
      int n = i;
      pool.submit(
          () -> {
            Target target = Target.of("Kustomization", "ns" + (n % 50), "app" + n);
            all.add(
                registry.register(
                    new WaitRequest("c" + n, R1, List.of(target), T0.plusSeconds(600)), listener));
            registered.countDown();
          });
    }
    assertThat(registered.await(30, TimeUnit.SECONDS)).isTrue();
    List<java.util.concurrent.Future<?>> work = new ArrayList<>();
    for (int i = 0; i < waits; i++) {
      int n = i;
      work.add(
          pool.submit(
              () -> {
                Target target = Target.of("Kustomization", "ns" + (n % 50), "app" + n);
                if (n % 4 == 0) {
                  registry.cancel("c" + n);
                }
                registry.accept(event(target, R1, Phase.SUCCEEDED, 1));
              }));
    }
    for (var f : work) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(registry.size()).isZero();
    assertThat(completed).hasSize(waits);
    Map<WaitOutcome, Long> outcomes =
        completed.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    WaitState::outcome, java.util.stream.Collectors.counting()));
    assertThat(outcomes).containsEntry(WaitOutcome.CANCELLED, (long) waits / 4);
    assertThat(outcomes).containsEntry(WaitOutcome.SUCCEEDED, (long) waits * 3 / 4);
  }

  private static byte[] serialise(Object value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  private static Object deserialise(byte[] bytes) throws Exception {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }
}
