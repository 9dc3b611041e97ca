package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What hosts print from events (log lines, failure messages) carries no raw control character. */
class EventTextTest {
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  private static final SyncEvent FORGED =
      new SyncEvent(
          "flux",
          new Target("Kustomization", "apps", "podinfo", "eu\u001b[1m"),
          SHA,
          Phase.FAILED,
          null,
          "HealthCheckFailed\r",
          "boom\nrevision " + SHA + ": succeeded\u001b[2J",
          Instant.parse("2026-08-20T10:15:42Z"));

  @Test
  void anEventsLogLineIsOneLineWithItsControlsVisible() {
    assertThat(FORGED.describe())
        .doesNotContain("\n", "\r", "\u001b")
        .contains("@eu\\u001b[1m", "HealthCheckFailed\\r", "boom\\nrevision " + SHA);
  }

  @Test
  void aFailedWaitsMessageCannotForgeLines() {
    TargetStatus failed = TargetStatus.unknown(FORGED.target()).with(FORGED);
    WaitState state =
        new WaitState(
            "w", SHA, Instant.parse("2026-08-20T11:00:00Z"), WaitOutcome.FAILED, List.of(failed));

    assertThat(failed.describe()).doesNotContain("\n", "\u001b");
    assertThatThrownBy(state::throwIfUnsuccessful)
        .isInstanceOf(GitOpsException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage().split("\n"))
                    .hasSize(2)
                    .noneMatch(line -> line.startsWith("revision ")));
  }
}
