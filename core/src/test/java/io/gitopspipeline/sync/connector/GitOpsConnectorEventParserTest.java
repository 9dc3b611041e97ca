package io.gitopspipeline.sync.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopspipeline.sync.Fixtures;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.flux.FluxEventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitOpsConnectorEventParserTest {
  private final GitOpsConnectorEventParser parser = new GitOpsConnectorEventParser();
  private final ObjectMapper json = new ObjectMapper();

  private ObjectNode argo() throws Exception {
    return (ObjectNode) json.readTree(Fixtures.bytes("gitops-connector-argocd-phase.json"));
  }

  @Test
  void fluxEventsSentToGitopsphaseAreParsedAsFlux() throws Exception {
    var body = json.readTree(Fixtures.bytes("flux-kustomization-succeeded.json"));

    assertThat(parser.parse(body)).isEqualTo(new FluxEventParser().parse(body));
  }

  @Test
  void theArgoCdBodyNamesNoApplicationSoItTargetsAnyApplication() throws Exception {
    SyncEvent event = parser.parse(argo()).events().get(0);

    assertThat(event.target()).isEqualTo(Target.of("Application", Target.ANY, Target.ANY));
    assertThat(Target.of("Application", "argocd", "podinfo").matches(event.target())).isTrue();
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "Succeeded, Healthy, SUCCEEDED",
    "Running, Healthy, PROGRESSING",
    "Inconclusive, Healthy, PROGRESSING",
    "Succeeded, Progressing, PROGRESSING",
    "Succeeded, Degraded, FAILED",
    "Failed, Healthy, FAILED",
    "Error, Missing, FAILED"
  })
  void finishedAndSuccessfulAsGitopsConnectorDecides(String phase, String health, Phase expected)
      throws Exception {
    ObjectNode body = argo();
    body.put("phase", phase);
    body.put("health", health);

    assertThat(parser.parse(body).events().get(0).phase()).isEqualTo(expected);
  }

  @Test
  void refusesAnEmptyCommitAndNonArrayResources() throws Exception {
    ObjectNode noCommit = argo();
    noCommit.put("commitid", "");
    assertThatThrownBy(() -> parser.parse(noCommit)).hasMessageContaining("commitid");

    ObjectNode resources = argo();
    resources.put("resources", "all");
    assertThatThrownBy(() -> parser.parse(resources)).hasMessageContaining("resources");
  }

  @Test
  void ignoresItsOwnOutboundPayloads() throws Exception {
    var dispatch = json.readTree(Fixtures.bytes("gitops-connector-github-dispatch.json"));

    assertThat(parser.parse(dispatch).isIgnored()).isTrue();
  }
}
