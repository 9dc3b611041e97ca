package io.gitopspipeline.sync;

import static io.gitopspipeline.sync.WaitRegistryTest.APPS;
import static io.gitopspipeline.sync.WaitRegistryTest.LINEAR;
import static io.gitopspipeline.sync.WaitRegistryTest.R1;
import static io.gitopspipeline.sync.WaitRegistryTest.R2;
import static io.gitopspipeline.sync.WaitRegistryTest.R3;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/** Delivery order, duplicates and early arrival never change what a wait decides. */
class WaitRegistryProperties {
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor();

  @AfterContainer
  static void stop() {
    SCHEDULER.shutdownNow();
  }

  @Provide
  Arbitrary<List<SyncEvent>> events() {
    return events(R1, R2, R3);
  }

  /** Events that never take the target past the awaited revision. */
  @Provide
  Arbitrary<List<SyncEvent>> upToTheRevision() {
    return events(R1, R2);
  }

  private static Arbitrary<List<SyncEvent>> events(String... revisions) {
    Arbitrary<SyncEvent> event =
        Combinators.combine(
                Arbitraries.of(revisions),
                Arbitraries.of(Phase.PROGRESSING, Phase.SUCCEEDED, Phase.FAILED),
                Arbitraries.integers().between(0, 50))
            .as((revision, phase, second) -> WaitRegistryTest.event(APPS, revision, phase, second));
    // failures only for the older revision, which must never fail the wait for R2
    return event
        .filter(e -> e.phase() != Phase.FAILED || e.revision().equals(R1))
        .list()
        .ofMaxSize(12);
  }

  @Property(tries = 300)
  void succeedsExactlyWhenTheRevisionOrALaterOneSucceededWhateverTheOrder(
      @ForAll("events") List<SyncEvent> events, @ForAll boolean registerFirst) {
    try (WaitRegistry registry =
        new WaitRegistry(LINEAR, SCHEDULER, new MutableClock(WaitRegistryTest.T0))) {
      WaitRequest request =
          new WaitRequest("p", R2, List.of(APPS), WaitRegistryTest.T0.plusSeconds(3600));
      Wait wait = registerFirst ? registry.register(request, WaitListener.NONE) : null;
      for (SyncEvent event : events) {
        registry.accept(event);
        registry.accept(event); // every delivery may be retried
      }
      if (wait == null) {
        wait = registry.register(request, WaitListener.NONE);
      }

      boolean succeeded =
          events.stream()
              .anyMatch(
                  e ->
                      e.phase() == Phase.SUCCEEDED
                          && (e.revision().equals(R2) || e.revision().equals(R3)));
      assertThat(wait.state().outcome())
          .isEqualTo(succeeded ? WaitOutcome.SUCCEEDED : WaitOutcome.WAITING);
      assertThat(wait.state().targets().get(0).events()).doesNotHaveDuplicates();
    }
  }

  @Property(tries = 200)
  void aFailureForTheRevisionFailsTheWaitUnlessSuccessCameFirst(
      @ForAll("upToTheRevision") List<SyncEvent> before, @ForAll("events") List<SyncEvent> after) {
    try (WaitRegistry registry =
        new WaitRegistry(LINEAR, SCHEDULER, new MutableClock(WaitRegistryTest.T0))) {
      Wait wait =
          registry.register(
              new WaitRequest("p", R2, List.of(APPS), WaitRegistryTest.T0.plusSeconds(3600)),
              WaitListener.NONE);
      before.forEach(registry);
      boolean succeededBefore = wait.state().outcome() == WaitOutcome.SUCCEEDED;
      registry.accept(
          new SyncEvent(
              "flux", APPS, R2, Phase.FAILED, null, "HealthCheckFailed", "x", Instant.MAX));
      after.forEach(registry);

      assertThat(wait.state().outcome())
          .isEqualTo(succeededBefore ? WaitOutcome.SUCCEEDED : WaitOutcome.FAILED);
    }
  }
}
