package io.gitopspipeline.sync.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParsers;
import io.gitopspipeline.sync.Fixtures;
import io.gitopspipeline.sync.ParseResult;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FluxEventParserTest {
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  private static final String OTHER = "c0ffee1234567890abcdef1234567890abcdef12";
  private final FluxEventParser parser = new FluxEventParser();
  private final ObjectMapper json = new ObjectMapper();

  private ObjectNode event(String fixture) throws Exception {
    return (ObjectNode) json.readTree(Fixtures.bytes(fixture));
  }

  private SyncEvent only(ObjectNode event) throws Exception {
    ParseResult result = parser.parse(event);
    assertThat(result.events()).hasSize(1);
    return result.events().get(0);
  }

  @Test
  void readsTheRevisionFromPrefixedKeysOfNotificationControllerBeforeV15() throws Exception {
    ObjectNode event = event("flux-kustomization-succeeded.json");
    ObjectNode metadata = json.createObjectNode();
    metadata.put("kustomize.toolkit.fluxcd.io/revision", "main@sha1:" + SHA);
    event.set("metadata", metadata);

    assertThat(only(event).revision()).isEqualTo(SHA);
  }

  @Test
  void prefersCommitThenOriginRevisionOverRevisionAsEventGetRevisionDoes() throws Exception {
    ObjectNode event = event("flux-kustomization-succeeded.json");
    ObjectNode metadata = (ObjectNode) event.get("metadata");
    metadata.put("revision", "latest@sha256:" + "ab".repeat(32));
    metadata.put("originRevision", "main@sha1:" + SHA);
    assertThat(only(event).revision()).isEqualTo(SHA);

    metadata.put("commit", OTHER);
    assertThat(only(event).revision()).isEqualTo(OTHER);
  }

  @Test
  void anEventWithoutRevisionHasAnEmptyOne() throws Exception {
    ObjectNode event = event("flux-kustomization-succeeded.json");
    event.remove("metadata");

    assertThat(only(event).revision()).isEmpty();
    assertThat(only(event).target().cluster()).isNull();
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    "Kustomization, info, ReconciliationSucceeded, SUCCEEDED",
    "Kustomization, info, Progressing, PROGRESSING",
    "Kustomization, info, DependencyNotReady, PROGRESSING",
    "Kustomization, info, HealthCheckCanceled, PROGRESSING",
    "Kustomization, error, PruneFailed, FAILED",
    "Kustomization, error, ArtifactFailed, FAILED",
    "Kustomization, error, info, FAILED",
    "HelmRelease, info, InstallSucceeded, SUCCEEDED",
    "HelmRelease, info, UpgradeSucceeded, SUCCEEDED",
    "HelmRelease, info, TestSucceeded, SUCCEEDED",
    "HelmRelease, info, ReconciliationSucceeded, SUCCEEDED",
    "HelmRelease, info, RollbackSucceeded, FAILED",
    "HelmRelease, info, UninstallSucceeded, FAILED",
    "HelmRelease, info, DependencyNotReady, PROGRESSING",
    "HelmRelease, error, TestFailed, FAILED",
    "HelmRelease, error, DriftDetected, FAILED"
  })
  void mapsSeverityAndReasonToPhase(String kind, String severity, String reason, Phase phase) {
    assertThat(FluxEventParser.phase(kind, severity, reason)).isEqualTo(phase);
  }

  @Test
  void ignoresTraceEventsAndKindsThatApplyNothing() throws Exception {
    ObjectNode trace = event("flux-kustomization-succeeded.json");
    trace.put("severity", "trace");
    assertThat(parser.parse(trace).ignoredReason()).contains("trace");

    ObjectNode gitRepository = event("flux-kustomization-succeeded.json");
    ((ObjectNode) gitRepository.get("involvedObject")).put("kind", "GitRepository");
    assertThat(parser.parse(gitRepository).ignoredReason()).contains("GitRepository");
  }

  @Test
  void refusesMalformedEventsNamingTheField() throws Exception {
    ObjectNode noName = event("flux-kustomization-succeeded.json");
    ((ObjectNode) noName.get("involvedObject")).remove("name");
    assertThatThrownBy(() -> parser.parse(noName))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("involvedObject.name");

    ObjectNode badTime = event("flux-kustomization-succeeded.json");
    badTime.put("timestamp", "yesterday");
    assertThatThrownBy(() -> parser.parse(badTime)).hasMessageContaining("timestamp");

    ObjectNode badSeverity = event("flux-kustomization-succeeded.json");
    badSeverity.put("severity", "warning");
    assertThatThrownBy(() -> parser.parse(badSeverity)).hasMessageContaining("severity");

    ObjectNode numericMetadata = event("flux-kustomization-succeeded.json");
    ((ObjectNode) numericMetadata.get("metadata")).put("revision", 42);
    assertThatThrownBy(() -> parser.parse(numericMetadata))
        .hasMessageContaining("metadata.revision");

    ObjectNode arrayInvolved = event("flux-kustomization-succeeded.json");
    arrayInvolved.set("involvedObject", json.createArrayNode());
    assertThatThrownBy(() -> parser.parse(arrayInvolved)).hasMessageContaining("involvedObject");
  }

  @Test
  void readsGoHtmlEscapedMessagesAsText() throws Exception {
    String body =
        new String(Fixtures.bytes("flux-generic-hmac-wire.body"))
            .replace("status: 'InProgress'", "a \\u003c b \\u0026 c");

    SyncEvent event = EventParsers.standard().parse("flux", body.getBytes()).events().get(0);

    assertThat(event.message()).contains("a < b & c");
  }
}
