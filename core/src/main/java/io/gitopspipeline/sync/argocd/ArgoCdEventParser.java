package io.gitopspipeline.sync.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParser;
import io.gitopspipeline.sync.Json;
import io.gitopspipeline.sync.ParseResult;
import io.gitopspipeline.sync.Target;
import java.time.Instant;

/**
 * The body of the Argo CD notifications template documented in docs/sync.md ({@code "source":
 * "argocd", "schemaVersion": "1"}).
 */
public final class ArgoCdEventParser implements EventParser {
  public static final String SOURCE = "argocd";

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public boolean recognises(JsonNode payload) {
    JsonNode source = payload.get("source");
    return source != null && SOURCE.equals(source.asText());
  }

  @Override
  public ParseResult parse(JsonNode body) throws InvalidInputException {
    String schema = Json.text(body, "schemaVersion", "");
    if (!schema.isEmpty() && !schema.equals("1")) {
      throw new InvalidInputException(
          "field 'schemaVersion' is '"
              + schema
              + "'; this version understands 1 (update the template in argocd-notifications-cm)");
    }
    JsonNode app = Json.object(body, "app", "");
    if (app == null) {
      throw new InvalidInputException("field 'app' is missing; not the gitops-pipeline template");
    }
    String name = Json.required(app, "name", "app.");
    String namespace = Json.text(app, "namespace", "app.");
    String cluster = Json.text(body, "cluster", "");
    Target target =
        new Target("Application", namespace.isEmpty() ? Target.ANY : namespace, name, cluster);
    String message = Json.text(body, "message", "");
    Instant finished = Json.time(body, "finishedAt", "");
    Instant started = Json.time(body, "startedAt", "");
    ArgoCdStatus status =
        new ArgoCdStatus(
            Json.text(body, "syncRevision", ""),
            Json.text(body, "operationRevision", ""),
            Json.text(body, "phase", ""),
            Json.text(body, "syncStatus", ""),
            Json.text(body, "healthStatus", ""));
    return ParseResult.of(
        status.toEvent(SOURCE, target, message, finished != null ? finished : started));
  }
}
