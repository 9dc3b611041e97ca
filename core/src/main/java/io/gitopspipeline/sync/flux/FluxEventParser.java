package io.gitopspipeline.sync.flux;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.EventParser;
import io.gitopspipeline.sync.Json;
import io.gitopspipeline.sync.ParseResult;
import io.gitopspipeline.sync.Phase;
import io.gitopspipeline.sync.Revisions;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.Target;
import java.util.Map;
import java.util.Set;

/**
 * Flux notification-controller's {@code generic} / {@code generic-hmac} provider body: the {@code
 * eventv1.Event} JSON. Handles both metadata shapes (prefix-stripped since notification-controller
 * v1.5, {@code <group>/revision} before) and every artifact revision format.
 */
public final class FluxEventParser implements EventParser {
  public static final String SOURCE = "flux";

  /** The API group each kind that applies a revision sends its metadata keys under. */
  private static final Map<String, String> GROUPS =
      Map.of(
          "Kustomization", "kustomize.toolkit.fluxcd.io",
          "HelmRelease", "helm.toolkit.fluxcd.io");

  /** helm-controller v2 reasons, and the Ready reason older (v2beta1) releases put on events. */
  private static final Set<String> HELM_SUCCESS =
      Set.of("InstallSucceeded", "UpgradeSucceeded", "TestSucceeded", "ReconciliationSucceeded");

  /**
   * Info events that still mean the promoted release is not running: helm-controller remediated a
   * failed install or upgrade.
   */
  private static final Set<String> HELM_REMEDIATED =
      Set.of("RollbackSucceeded", "UninstallSucceeded");

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public boolean recognises(JsonNode payload) {
    return payload.has("involvedObject");
  }

  @Override
  public ParseResult parse(JsonNode event) throws InvalidInputException {
    JsonNode involved = Json.object(event, "involvedObject", "");
    if (involved == null) {
      throw new InvalidInputException("field 'involvedObject' is missing; not a Flux event");
    }
    String kind = Json.required(involved, "kind", "involvedObject.");
    String namespace = Json.required(involved, "namespace", "involvedObject.");
    String name = Json.required(involved, "name", "involvedObject.");
    String apiVersion = Json.text(involved, "apiVersion", "involvedObject.");
    String severity = Json.required(event, "severity", "");
    String reason = Json.text(event, "reason", "");
    String message = Json.text(event, "message", "");
    var time = Json.time(event, "timestamp", "");
    JsonNode metadata = Json.object(event, "metadata", "");
    if (metadata != null) {
      for (var entry : metadata.properties()) {
        if (!entry.getValue().isTextual()) {
          throw new InvalidInputException(
              "field 'metadata." + entry.getKey() + "' must be a string");
        }
      }
    }

    if (severity.equals("trace")) {
      return ParseResult.ignored("trace events carry no outcome");
    }
    if (!severity.equals("info") && !severity.equals("error")) {
      throw new InvalidInputException(
          "field 'severity' is '" + severity + "'; Flux sends info, error or trace");
    }
    String group = GROUPS.get(kind);
    if (group == null) {
      return ParseResult.ignored(
          "Flux "
              + kind
              + " events do not report applying a revision; only Kustomization and"
              + " HelmRelease do");
    }
    if (!apiVersion.isEmpty() && apiVersion.contains("/")) {
      group = apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    String cluster = metadata == null ? null : text(metadata.get("cluster"));
    Target target = new Target(kind, namespace, name, cluster);
    String revision = Revisions.normalise(revision(metadata, group));
    Phase phase = phase(kind, severity, reason);
    return ParseResult.of(
        new SyncEvent(SOURCE, target, revision, phase, null, reason, message, time));
  }

  /**
   * {@code Event.GetRevision()}: {@code commit}, then {@code originRevision}, then {@code
   * revision}; each stripped (v1.5+), prefixed with the object's group (before v1.5) or with the
   * annotation prefix {@code event.toolkit.fluxcd.io/}.
   */
  static String revision(JsonNode metadata, String group) {
    if (metadata == null) {
      return "";
    }
    for (String key : new String[] {"commit", "originRevision", "revision"}) {
      for (String candidate :
          new String[] {key, group + "/" + key, "event.toolkit.fluxcd.io/" + key}) {
        String value = text(metadata.get(candidate));
        if (value != null && !value.isEmpty()) {
          return value;
        }
      }
    }
    return "";
  }

  /**
   * Error events are failures. Info: a Kustomization succeeded only with {@code
   * ReconciliationSucceeded} (emitted after health checks); a HelmRelease with an install, upgrade
   * or test success, and failed when helm-controller had to roll back or uninstall. {@code
   * Progressing}, {@code DependencyNotReady}, {@code HealthCheckCanceled} keep waiting.
   */
  static Phase phase(String kind, String severity, String reason) {
    if (severity.equals("error")) {
      return Phase.FAILED;
    }
    if (kind.equals("Kustomization")) {
      return reason.equals("ReconciliationSucceeded") ? Phase.SUCCEEDED : Phase.PROGRESSING;
    }
    if (HELM_SUCCESS.contains(reason)) {
      return Phase.SUCCEEDED;
    }
    return HELM_REMEDIATED.contains(reason) ? Phase.FAILED : Phase.PROGRESSING;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }
}
