package io.gitopspipeline.sync;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.argocd.ArgoCdStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Flux Kustomizations and HelmReleases and Argo CD Applications through the Kubernetes API.
 *
 * <ul>
 *   <li>Flux: succeeded when {@code Ready=True} for the current generation (not reconciling), at
 *       {@code status.lastAppliedRevision}; failed when {@code Stalled=True} or {@code Ready=False}
 *       with a failure reason, at {@code status.lastAttemptedRevision}; otherwise progressing.
 *   <li>Argo CD: {@code status.operationState}, {@code status.sync} and {@code status.health}
 *       through the same decision table as the webhook ({@link ArgoCdStatus}).
 * </ul>
 */
public final class KubernetesStatusPoller implements StatusPoller {
  public static final String SOURCE = "kubernetes";

  /** Named without API discovery, which a narrowly scoped service account may not allow. */
  static final Map<String, ResourceDefinitionContext> RESOURCES =
      Map.of(
          "Kustomization",
          resource("kustomize.toolkit.fluxcd.io", "v1", "Kustomization"),
          "HelmRelease",
          resource("helm.toolkit.fluxcd.io", "v2", "HelmRelease"),
          "OCIRepository",
          new ResourceDefinitionContext.Builder()
              .withGroup("source.toolkit.fluxcd.io")
              .withVersion("v1")
              .withKind("OCIRepository")
              .withPlural("ocirepositories")
              .withNamespaced(true)
              .build(),
          "Application",
          resource("argoproj.io", "v1alpha1", "Application"));

  private static ResourceDefinitionContext resource(String group, String version, String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s")
        .withNamespaced(true)
        .build();
  }

  /** Ready=False reasons that mean "not yet" rather than "failed". */
  private static final Set<String> NOT_YET =
      Set.of(
          "Progressing",
          "ProgressingWithRetry",
          "DependencyNotReady",
          "HealthCheckCanceled",
          "Suspended");

  private final KubernetesClient client;

  public KubernetesStatusPoller(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public List<SyncEvent> poll(Target target, String revision) throws GitOpsException {
    ResourceDefinitionContext definition = RESOURCES.get(target.kind());
    if (definition == null) {
      throw new InvalidInputException(
          "cannot poll "
              + target
              + ": polling knows Kustomization, HelmRelease, OCIRepository and Application");
    }
    GenericKubernetesResource resource;
    try {
      resource =
          client
              .genericKubernetesResources(definition)
              .inNamespace(target.namespace())
              .withName(target.name())
              .get();
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0) {
        Throwable root = e;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        throw new GitOpsException(
            "could not reach the Kubernetes API to read "
                + target
                + " ("
                + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage())
                + "); check the kubeconfig's server and context",
            e);
      }
      throw new GitOpsException(
          "could not read "
              + target
              + " from the Kubernetes API (HTTP "
              + e.getCode()
              + "); check the kubeconfig, context and RBAC (get on "
              + definition.getPlural()
              + "."
              + definition.getGroup()
              + ")",
          e);
    }
    if (resource == null) {
      return List.of();
    }
    Map<String, Object> status = map(resource.getAdditionalProperties().get("status"));
    Target reported =
        new Target(target.kind(), target.namespace(), target.name(), target.cluster());
    if (target.kind().equals("Application")) {
      return argo(reported, status);
    }
    SyncEvent event = flux(reported, status, resource.getMetadata().getGeneration());
    return event == null ? List.of() : List.of(event);
  }

  static SyncEvent flux(Target target, Map<String, Object> status, Long generation) {
    if (status.isEmpty()) {
      return null;
    }
    String attempted = text(status.get("lastAttemptedRevision"));
    String applied = text(status.get("lastAppliedRevision"));
    if (applied.isEmpty()) {
      applied = attempted; // HelmRelease v2 reports only the attempted chart version
    }
    if (applied.isEmpty() && status.get("artifact") instanceof Map<?, ?> artifact) {
      // A source (OCIRepository) reports the artifact it stored: TAG@sha256:DIGEST
      applied = text(artifact.get("revision"));
      attempted = attempted.isEmpty() ? applied : attempted;
    }
    Object observed = status.get("observedGeneration");
    boolean current =
        generation == null
            || (observed instanceof Number n && n.longValue() >= generation.longValue());
    Map<String, Object> ready = condition(status, "Ready");
    Map<String, Object> stalled = condition(status, "Stalled");
    Map<String, Object> reconciling = condition(status, "Reconciling");
    if (ready == null) {
      return new SyncEvent(
          SOURCE, target, Revisions.normalise(attempted), Phase.PROGRESSING, null, "", "", null);
    }
    String readyStatus = text(ready.get("status"));
    String reason = text(ready.get("reason"));
    Phase phase;
    String revision;
    if (stalled != null && text(stalled.get("status")).equals("True")) {
      phase = Phase.FAILED;
      revision = attempted;
      ready = stalled;
      reason = text(stalled.get("reason"));
    } else if (readyStatus.equals("True")
        && current
        && (reconciling == null || !text(reconciling.get("status")).equals("True"))) {
      phase = Phase.SUCCEEDED;
      revision = applied;
    } else if (readyStatus.equals("False") && current && !NOT_YET.contains(reason)) {
      phase = Phase.FAILED;
      revision = attempted;
    } else {
      phase = Phase.PROGRESSING;
      revision = attempted;
    }
    Map<String, Object> healthy = condition(status, "Healthy");
    return new SyncEvent(
        SOURCE,
        target,
        Revisions.normalise(revision),
        phase,
        healthy == null ? null : healthyText(healthy),
        reason,
        text(ready.get("message")),
        time(ready.get("lastTransitionTime")));
  }

  static List<SyncEvent> argo(Target target, Map<String, Object> status) {
    if (status.isEmpty()) {
      return List.of();
    }
    Map<String, Object> sync = map(status.get("sync"));
    Map<String, Object> health = map(status.get("health"));
    Map<String, Object> operation = map(status.get("operationState"));
    Map<String, Object> syncResult = map(operation.get("syncResult"));
    Instant started = time(operation.get("startedAt"));
    Instant finished = time(operation.get("finishedAt"));
    ArgoCdStatus argo =
        new ArgoCdStatus(
            revisions(sync),
            revisions(syncResult),
            text(operation.get("phase")),
            text(sync.get("status")),
            text(health.get("status")),
            time(health.get("lastTransitionTime")),
            started,
            finished,
            time(status.get("reconciledAt")));
    return argo.toEvents(
        SOURCE, target, text(operation.get("message")), finished != null ? finished : started);
  }

  /** {@code revision}, and a multi-source Application's {@code revisions}. */
  private static List<String> revisions(Map<String, Object> holder) {
    List<String> revisions = new java.util.ArrayList<>();
    revisions.add(text(holder.get("revision")));
    if (holder.get("revisions") instanceof List<?> list) {
      for (Object item : list) {
        revisions.add(text(item));
      }
    }
    return revisions;
  }

  private static String healthyText(Map<String, Object> healthy) {
    return switch (text(healthy.get("status"))) {
      case "True" -> "Healthy";
      case "False" -> "Unhealthy";
      default -> "Unknown";
    };
  }

  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    if (status.get("conditions") instanceof List<?> conditions) {
      for (Object item : conditions) {
        Map<String, Object> condition = map(item);
        if (type.equals(condition.get("type"))) {
          return condition;
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Instant time(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.toString()).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
