package io.gitopspipeline.sync.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.Fixtures;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgoCdEventParserTest {
  private static final String NEW = "8f2c1d0e5b7a4c3d9e1f0a2b3c4d5e6f7a8b9c0d";
  private static final String OLD = "1111111111111111111111111111111111111111";
  private final ArgoCdEventParser parser = new ArgoCdEventParser();
  private final ObjectMapper json = new ObjectMapper();

  private ObjectNode deployed() throws Exception {
    return (ObjectNode) json.readTree(Fixtures.bytes("argocd-deployed.json"));
  }

  private SyncEvent parse(ObjectNode body) throws Exception {
    return parser.parse(body).events().get(0);
  }

  @Test
  void staleHealthCountsForTheRevisionWhoseSyncFinishedNotTheNewSyncRevision() throws Exception {
    ObjectNode body = deployed();
    body.put("syncRevision", NEW);
    body.put("operationRevision", OLD);
    body.put("syncStatus", "OutOfSync");

    SyncEvent event = parse(body);

    assertThat(event.revision()).isEqualTo(OLD);
    assertThat(event.phase()).isEqualTo(Phase.SUCCEEDED);
  }

  @Test
  void healthWithoutAFinishedOperationIsNeverSuccess() throws Exception {
    ObjectNode body = deployed();
    body.put("phase", "");
    body.put("operationRevision", "");

    SyncEvent event = parse(body);

    assertThat(event.phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(event.revision()).isEqualTo(NEW);
    assertThat(event.reason()).isEqualTo("Synced");
  }

  @Test
  void healthThatChangedBeforeTheSyncStartedIsNotYetKnown() throws Exception {
    ObjectNode body = deployed(); // startedAt 12:00:55, finishedAt 12:01:07
    body.put("healthTransitionTime", "2026-08-19T09:00:00Z");

    SyncEvent stale = parse(body);

    assertThat(stale.phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(stale.health()).isEqualTo("Healthy");

    body.put("reconciledAt", "2026-08-20T12:01:07Z"); // not after finishedAt
    assertThat(parse(body).phase()).isEqualTo(Phase.PROGRESSING);
    body.put("reconciledAt", "2026-08-20T12:01:08Z"); // assessed after the sync, unchanged
    assertThat(parse(body).phase()).isEqualTo(Phase.SUCCEEDED);
    body.remove("reconciledAt");

    body.put("healthTransitionTime", "2026-08-20T12:00:55Z");
    assertThat(parse(body).phase()).isEqualTo(Phase.SUCCEEDED);
    body.put("healthStatus", "Degraded");
    body.put("healthTransitionTime", "2026-08-19T09:00:00Z");
    assertThat(parse(body).phase()).isEqualTo(Phase.PROGRESSING);
  }

  @Test
  void aFailedOperationFailsWhateverTheHealthSays() throws Exception {
    ObjectNode body = deployed();
    body.put("phase", "Failed");
    body.put("healthTransitionTime", "2026-08-19T09:00:00Z");

    assertThat(parse(body).phase()).isEqualTo(Phase.FAILED);
  }

  @Test
  void aMultiSourceApplicationReportsEachSourceRevision() throws Exception {
    ObjectNode body = deployed();
    body.put("syncRevision", "");
    body.put("operationRevision", "");
    body.putArray("syncRevisions").add(NEW).add("6.7.1");
    body.putArray("operationRevisions").add(NEW).add("6.7.1");

    assertThat(parser.parse(body).events())
        .extracting(SyncEvent::revision, SyncEvent::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(NEW, Phase.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("6.7.1", Phase.SUCCEEDED));
  }

  @Test
  void aMultiSourceApplicationWhoseOperationRanOnOlderRevisionsReportsThose() throws Exception {
    ObjectNode body = deployed();
    body.put("syncRevision", "");
    body.put("operationRevision", "");
    body.putArray("syncRevisions").add(NEW);
    body.putArray("operationRevisions").add(OLD);

    assertThat(parser.parse(body).events()).extracting(SyncEvent::revision).containsExactly(OLD);
  }

  @Test
  void refusesRevisionListsOfTheWrongShape() throws Exception {
    ObjectNode notList = deployed();
    notList.put("syncRevisions", NEW);
    assertThatThrownBy(() -> parser.parse(notList))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'syncRevisions' must be an array");

    ObjectNode number = deployed();
    number.putArray("operationRevisions").add(NEW).add(7);
    assertThatThrownBy(() -> parser.parse(number)).hasMessageContaining("operationRevisions[1]");

    ObjectNode huge = deployed();
    var list = huge.putArray("operationRevisions");
    for (int i = 0; i <= ArgoCdEventParser.MAX_SOURCES; i++) {
      list.add(NEW);
    }
    assertThatThrownBy(() -> parser.parse(huge)).hasMessageContaining("at most");

    ObjectNode badTime = deployed();
    badTime.put("healthTransitionTime", "yesterday");
    assertThatThrownBy(() -> parser.parse(badTime)).hasMessageContaining("healthTransitionTime");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "Succeeded, Healthy, SUCCEEDED",
    "Succeeded, Progressing, PROGRESSING",
    "Succeeded, Suspended, PROGRESSING",
    "Succeeded, Degraded, FAILED",
    "Succeeded, Missing, FAILED",
    "Failed, Healthy, FAILED",
    "Error, Progressing, FAILED",
    "Running, Healthy, PROGRESSING",
    "Terminating, Degraded, PROGRESSING"
  })
  void followsTheDecisionTable(String phase, String health, Phase expected) throws Exception {
    ObjectNode body = deployed();
    body.put("phase", phase);
    body.put("healthStatus", health);

    assertThat(parse(body).phase()).isEqualTo(expected);
  }

  @Test
  void takesAnOptionalClusterAndToleratesAnEmptyNamespace() throws Exception {
    ObjectNode body = deployed();
    body.put("cluster", "prod-eu");
    ((ObjectNode) body.get("app")).put("namespace", "");

    assertThat(parse(body).target())
        .isEqualTo(new Target("Application", Target.ANY, "podinfo-staging", "prod-eu"));
  }

  @Test
  void refusesAnUnknownSchemaVersionAndAMissingApp() throws Exception {
    ObjectNode v2 = deployed();
    v2.put("schemaVersion", "2");
    assertThatThrownBy(() -> parser.parse(v2))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("schemaVersion");

    ObjectNode noApp = deployed();
    noApp.remove("app");
    assertThatThrownBy(() -> parser.parse(noApp)).hasMessageContaining("'app'");

    ObjectNode badTime = deployed();
    badTime.put("finishedAt", 12);
    assertThatThrownBy(() -> parser.parse(badTime)).hasMessageContaining("finishedAt");
  }
}
