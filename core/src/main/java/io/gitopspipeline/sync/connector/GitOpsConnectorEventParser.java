package io.gitopspipeline.sync.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParser;
import io.gitopspipeline.sync.Json;
import io.gitopspipeline.sync.ParseResult;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.Revisions;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.flux.FluxEventParser;
import java.util.Set;

/**
 * What microsoft/gitops-connector accepts on {@code POST /gitopsphase}, so a Flux Provider or Argo
 * CD template set up for it can point at gitops-pipeline unchanged: Flux events (parsed as Flux)
 * and its Argo CD template body {@code {commitid, phase, sync_status, health, message, resources}}.
 *
 * <p>That Argo CD body does not name the application, so its events target {@code
 * Application/*}/{@code *}: they count for every waiting Application target of the commit.
 */
public final class GitOpsConnectorEventParser implements EventParser {
  public static final String SOURCE = "gitops-connector";

  private static final Set<String> UNFINISHED_PHASES = Set.of("Inconclusive", "Running", "");

  private final FluxEventParser flux = new FluxEventParser();

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public boolean recognises(JsonNode payload) {
    return payload.has("commitid");
  }

  @Override
  public ParseResult parse(JsonNode body) throws InvalidInputException {
    if (flux.recognises(body)) {
      return flux.parse(body);
    }
    if (!recognises(body)) {
      return ParseResult.ignored(
          "gitops-connector payloads are Flux events or its Argo CD body with 'commitid'");
    }
    String commit = Json.required(body, "commitid", "");
    String phaseText = Json.text(body, "phase", "");
    String health = Json.text(body, "health", "");
    String message = Json.text(body, "message", "");
    Json.text(body, "sync_status", "");
    JsonNode resources = body.get("resources");
    if (resources != null && !resources.isNull() && !resources.isArray()) {
      throw new InvalidInputException("field 'resources' must be an array");
    }
    // gitops-connector's is_finished / is_successful for Argo CD
    boolean finished = !UNFINISHED_PHASES.contains(phaseText) && !health.equals("Progressing");
    Phase phase;
    if (!finished) {
      phase = Phase.PROGRESSING;
    } else if (phaseText.equals("Succeeded") && health.equals("Healthy")) {
      phase = Phase.SUCCEEDED;
    } else {
      phase = Phase.FAILED;
    }
    Target target = Target.of("Application", Target.ANY, Target.ANY);
    return ParseResult.of(
        new SyncEvent(
            SOURCE,
            target,
            Revisions.normalise(commit),
            phase,
            health.isEmpty() ? null : health,
            phaseText,
            message,
            null));
  }
}
