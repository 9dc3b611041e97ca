package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitStatusPollerTest {
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  private final ObjectMapper json = new ObjectMapper();

  private CommitStatus github(String fixture) throws Exception {
    JsonNode node = json.readTree(Fixtures.bytes(fixture));
    return new CommitStatus(
        node.get("context").asText(),
        node.get("state").asText(),
        node.get("description").asText(),
        null);
  }

  @Test
  void refusesTargetsFluxNeverWritesCommitStatusesFor() {
    CommitStatusPoller poller = new CommitStatusPoller(sha -> List.of());

    assertThatThrownBy(() -> poller.poll(Target.of("HelmRelease", "apps", "podinfo"), SHA))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("HelmRelease/apps/podinfo")
        .hasMessageContaining("only from Kustomization events");
    assertThatThrownBy(() -> poller.poll(Target.of("Application", "argocd", "web"), SHA))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void readsFluxGithubStatusesAsEventsForAnyNamespace() throws Exception {
    List<CommitStatus> onCommit =
        List.of(
            github("flux-github-commit-status-success.json"),
            new CommitStatus("ci/build", "success", "build passed", null));
    CommitStatusPoller poller =
        new CommitStatusPoller(sha -> sha.equals(SHA) ? onCommit : List.of());

    List<SyncEvent> events = poller.poll(Target.of("Kustomization", "apps", "podinfo"), SHA);

    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.target()).isEqualTo(Target.of("Kustomization", Target.ANY, "podinfo"));
              assertThat(e.phase()).isEqualTo(Phase.SUCCEEDED);
              assertThat(e.reason()).isEqualTo("ReconciliationSucceeded");
              assertThat(e.revision()).isEqualTo(SHA);
            });
  }

  @Test
  void failureAndAzureDevOpsStatesMap() throws Exception {
    assertThat(CommitStatusPoller.toEvent(github("flux-github-commit-status-failure.json"), SHA))
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo(Phase.FAILED);
              assertThat(e.reason()).isEqualTo("HealthCheckFailed");
            });
    JsonNode azure = json.readTree(Fixtures.bytes("flux-azuredevops-commit-status.json"));
    CommitStatus status =
        new CommitStatus(
            azure.get("context").get("name").asText(),
            azure.get("state").asText(),
            azure.get("description").asText(),
            null);
    assertThat(CommitStatusPoller.toEvent(status, SHA).phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(
            CommitStatusPoller.toEvent(
                    new CommitStatus("kustomization/a/1", "pending", "", null), SHA)
                .phase())
        .isEqualTo(Phase.PROGRESSING);
    assertThat(CommitStatusPoller.toEvent(new CommitStatus("nonsense", "success", "", null), SHA))
        .isNull();
  }

  @Test
  void readsFluxBitbucketStatusNamesAndStates() {
    // Bitbucket Cloud: name "kind/name"; Data Center: "kind/name [description]"
    SyncEvent cloud =
        CommitStatusPoller.toEvent(
            new CommitStatus(
                "kustomization/podinfo", "successful", "reconciliation succeeded", null),
            SHA);
    SyncEvent dataCenter =
        CommitStatusPoller.toEvent(
            new CommitStatus(
                "kustomization/podinfo [health check failed]",
                "failed",
                "health check failed",
                null),
            SHA);

    assertThat(cloud.target()).isEqualTo(Target.of("Kustomization", Target.ANY, "podinfo"));
    assertThat(cloud.phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(dataCenter.target()).isEqualTo(Target.of("Kustomization", Target.ANY, "podinfo"));
    assertThat(dataCenter.phase()).isEqualTo(Phase.FAILED);
    assertThat(dataCenter.reason()).isEqualTo("HealthCheckFailed");
  }

  @Test
  void bitbucketsStoppedCancelledAndInProgressStatesMap() {
    assertThat(
            CommitStatusPoller.toEvent(
                    new CommitStatus("kustomization/a", "stopped", "", null), SHA)
                .phase())
        .isEqualTo(Phase.FAILED);
    assertThat(
            CommitStatusPoller.toEvent(
                    new CommitStatus("kustomization/a", "cancelled", "", null), SHA)
                .phase())
        .isEqualTo(Phase.FAILED);
    assertThat(
            CommitStatusPoller.toEvent(
                    new CommitStatus("kustomization/a", "inprogress", "", null), SHA)
                .phase())
        .isEqualTo(Phase.PROGRESSING);
  }
}
