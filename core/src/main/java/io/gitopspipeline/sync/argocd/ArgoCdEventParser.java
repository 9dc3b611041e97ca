package io.gitopspipeline.sync.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParser;
import io.gitopspipeline.sync.Json;
import io.gitopspipeline.sync.ParseResult;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the Argo CD notifications template documented in docs/sync.md ({@code "source":
 * "argocd", "schemaVersion": "1"}). The fields added later ({@code syncRevisions}, {@code
 * operationRevisions} for multi-source Applications, {@code healthTransitionTime}, {@code
 * reconciledAt}) are optional, so bodies of the earlier template still parse.
 */
public final class ArgoCdEventParser implements EventParser {
  public static final String SOURCE = "argocd";

  /** More sources than any Application holds; bounds the events one payload can produce. */
  static final int MAX_SOURCES = 64;

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
            revisions(body, "syncRevision", "syncRevisions"),
            revisions(body, "operationRevision", "operationRevisions"),
            Json.text(body, "phase", ""),
            Json.text(body, "syncStatus", ""),
            Json.text(body, "healthStatus", ""),
            Json.time(body, "healthTransitionTime", ""),
            started,
            finished,
            Json.time(body, "reconciledAt", ""));
    List<SyncEvent> events =
        status.toEvents(SOURCE, target, message, finished != null ? finished : started);
    return new ParseResult(events, null);
  }

  /**
   * The single-source {@code field} and the multi-source {@code listField} ({@code null} or an
   * array of strings) together; a multi-source Application renders the single field empty.
   */
  private static List<String> revisions(JsonNode body, String field, String listField)
      throws InvalidInputException {
    List<String> revisions = new ArrayList<>();
    revisions.add(Json.text(body, field, ""));
    JsonNode list = body.get(listField);
    if (list == null || list.isNull()) {
      return revisions;
    }
    if (!list.isArray()) {
      throw new InvalidInputException("field '" + listField + "' must be an array of strings");
    }
    if (list.size() > MAX_SOURCES) {
      throw new InvalidInputException(
          "field '" + listField + "' has " + list.size() + " entries; at most " + MAX_SOURCES);
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      if (item.isNull()) {
        continue;
      }
      if (!item.isTextual()) {
        throw new InvalidInputException("field '" + listField + "[" + i + "]' must be a string");
      }
      revisions.add(item.textValue());
    }
    return revisions;
  }
}
