package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gitopspipeline.api.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Polling against fabric8's mock API server in CRUD mode, with Flux and Argo CD resources. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPollingTest {
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  private static final String OLD = "0000000000000000000000000000000000000abc";

  KubernetesClient client;

  private GenericKubernetesResource flux(
      String apiVersion, String kind, long generation, Map<String, Object> status) {
    GenericKubernetesResource resource =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(apiVersion)
            .withKind(kind)
            .withNewMetadata()
            .withName("apps")
            .withNamespace("flux-system")
            .withGeneration(generation)
            .endMetadata()
            .build();
    resource.setAdditionalProperty("status", status);
    return client
        .genericKubernetesResources(KubernetesStatusPoller.RESOURCES.get(kind))
        .inNamespace("flux-system")
        .resource(resource)
        .create();
  }

  private static Map<String, Object> condition(String type, String status, String reason) {
    return Map.of(
        "type", type,
        "status", status,
        "reason", reason,
        "message", type + " " + reason,
        "lastTransitionTime", "2026-08-20T10:15:42Z");
  }

  private List<SyncEvent> poll(String kind, String namespace) throws Exception {
    return new KubernetesStatusPoller(client).poll(Target.of(kind, namespace, "apps"), SHA);
  }

  @Test
  void aReadyKustomizationOfTheCurrentGenerationSucceededAtItsAppliedRevision() throws Exception {
    flux(
        "kustomize.toolkit.fluxcd.io/v1",
        "Kustomization",
        3,
        Map.of(
            "observedGeneration",
            3,
            "lastAppliedRevision",
            "main@sha1:" + SHA,
            "lastAttemptedRevision",
            "main@sha1:" + SHA,
            "conditions",
            List.of(
                condition("Ready", "True", "ReconciliationSucceeded"),
                condition("Healthy", "True", "Succeeded"))));

    assertThat(poll("Kustomization", "flux-system"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.phase()).isEqualTo(Phase.SUCCEEDED);
              assertThat(e.revision()).isEqualTo(SHA);
              assertThat(e.health()).isEqualTo("Healthy");
              assertThat(e.reason()).isEqualTo("ReconciliationSucceeded");
              assertThat(e.time()).isEqualTo(Instant.parse("2026-08-20T10:15:42Z"));
              assertThat(e.source()).isEqualTo("kubernetes");
            });
  }

  @Test
  void aKustomizationNotYetObservingItsSpecIsProgressing() throws Exception {
    // the mock API server sets metadata.generation itself (1 on create); observed 0 lags it
    flux(
        "kustomize.toolkit.fluxcd.io/v1",
        "Kustomization",
        4,
        Map.of(
            "observedGeneration",
            0,
            "lastAppliedRevision",
            "main@sha1:" + OLD,
            "lastAttemptedRevision",
            "main@sha1:" + SHA,
            "conditions",
            List.of(condition("Ready", "True", "ReconciliationSucceeded"))));

    assertThat(poll("Kustomization", "flux-system").get(0).phase()).isEqualTo(Phase.PROGRESSING);
  }

  @Test
  void aFailedKustomizationFailedAtItsAttemptedRevision() throws Exception {
    flux(
        "kustomize.toolkit.fluxcd.io/v1",
        "Kustomization",
        1,
        Map.of(
            "observedGeneration",
            1,
            "lastAppliedRevision",
            "main@sha1:" + OLD,
            "lastAttemptedRevision",
            "main@sha1:" + SHA,
            "conditions",
            List.of(condition("Ready", "False", "HealthCheckFailed"))));

    SyncEvent event = poll("Kustomization", "flux-system").get(0);
    assertThat(event.phase()).isEqualTo(Phase.FAILED);
    assertThat(event.revision()).isEqualTo(SHA);
    assertThat(event.message()).isEqualTo("Ready HealthCheckFailed");
  }

  @Test
  void dependencyNotReadyAndReconcilingAreNotFailures() throws Exception {
    flux(
        "helm.toolkit.fluxcd.io/v2",
        "HelmRelease",
        1,
        Map.of(
            "observedGeneration",
            1,
            "lastAttemptedRevision",
            "6.7.1",
            "conditions",
            List.of(condition("Ready", "False", "DependencyNotReady"))));

    SyncEvent event = poll("HelmRelease", "flux-system").get(0);
    assertThat(event.phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(event.revision()).isEqualTo("6.7.1");
  }

  @Test
  void aStalledHelmReleaseFailed() throws Exception {
    flux(
        "helm.toolkit.fluxcd.io/v2",
        "HelmRelease",
        2,
        Map.of(
            "observedGeneration",
            2,
            "lastAttemptedRevision",
            "6.7.2",
            "conditions",
            List.of(
                condition("Ready", "False", "Progressing"),
                condition("Stalled", "True", "RetriesExceeded"))));

    SyncEvent event = poll("HelmRelease", "flux-system").get(0);
    assertThat(event.phase()).isEqualTo(Phase.FAILED);
    assertThat(event.reason()).isEqualTo("RetriesExceeded");
  }

  @Test
  void argoCdApplicationsFollowTheStaleHealthRule() throws Exception {
    GenericKubernetesResource app =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("argoproj.io/v1alpha1")
            .withKind("Application")
            .withNewMetadata()
            .withName("apps")
            .withNamespace("argocd")
            .endMetadata()
            .build();
    app.setAdditionalProperty(
        "status",
        Map.of(
            "sync",
            Map.of("status", "OutOfSync", "revision", SHA),
            "health",
            Map.of("status", "Healthy"),
            "operationState",
            Map.of(
                "phase", "Succeeded",
                "message", "successfully synced",
                "finishedAt", "2026-08-20T12:01:07Z",
                "syncResult", Map.of("revision", OLD))));
    var apps =
        client
            .genericKubernetesResources(KubernetesStatusPoller.RESOURCES.get("Application"))
            .inNamespace("argocd");
    apps.resource(app).create();

    SyncEvent stale = poll("Application", "argocd").get(0);
    assertThat(stale.revision()).isEqualTo(OLD);
    assertThat(stale.phase()).isEqualTo(Phase.SUCCEEDED);

    app.setAdditionalProperty(
        "status",
        Map.of(
            "sync",
            Map.of("status", "Synced", "revision", SHA),
            "health",
            Map.of("status", "Healthy"),
            "operationState",
            Map.of("phase", "Succeeded", "syncResult", Map.of("revision", SHA))));
    apps.resource(app).update();
    assertThat(poll("Application", "argocd").get(0))
        .satisfies(
            e -> {
              assertThat(e.revision()).isEqualTo(SHA);
              assertThat(e.phase()).isEqualTo(Phase.SUCCEEDED);
            });
  }

  @Test
  void polledMultiSourceApplicationsReportEachSourceAndStaleHealthIsNotYetKnown() throws Exception {
    GenericKubernetesResource app =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("argoproj.io/v1alpha1")
            .withKind("Application")
            .withNewMetadata()
            .withName("multi")
            .withNamespace("argocd")
            .endMetadata()
            .build();
    app.setAdditionalProperty(
        "status",
        Map.of(
            "sync",
            Map.of("status", "Synced", "revisions", List.of(SHA, OLD)),
            "health",
            Map.of("status", "Healthy", "lastTransitionTime", "2026-08-19T09:00:00Z"),
            "operationState",
            Map.of(
                "phase", "Succeeded",
                "startedAt", "2026-08-20T12:00:55Z",
                "finishedAt", "2026-08-20T12:01:07Z",
                "syncResult", Map.of("revisions", List.of(SHA, OLD)))));
    var apps =
        client
            .genericKubernetesResources(KubernetesStatusPoller.RESOURCES.get("Application"))
            .inNamespace("argocd");
    apps.resource(app).create();

    Target target = Target.of("Application", "argocd", "multi");
    assertThat(new KubernetesStatusPoller(client).poll(target, SHA))
        .extracting(SyncEvent::revision, SyncEvent::phase)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SHA, Phase.PROGRESSING),
            org.assertj.core.groups.Tuple.tuple(OLD, Phase.PROGRESSING));

    app.setAdditionalProperty(
        "status",
        Map.of(
            "sync",
            Map.of("status", "Synced", "revisions", List.of(SHA, OLD)),
            "health",
            Map.of("status", "Healthy", "lastTransitionTime", "2026-08-20T12:01:30Z"),
            "operationState",
            Map.of(
                "phase", "Succeeded",
                "startedAt", "2026-08-20T12:00:55Z",
                "syncResult", Map.of("revisions", List.of(SHA, OLD)))));
    apps.resource(app).update();
    assertThat(new KubernetesStatusPoller(client).poll(target, SHA))
        .extracting(SyncEvent::phase)
        .containsOnly(Phase.SUCCEEDED);
  }

  @Test
  void aMissingObjectSaysNothing() throws Exception {
    assertThat(poll("Kustomization", "nowhere")).isEmpty();
  }

  @Test
  void pollingCompletesAWaitWhenTheClusterCatchesUp() throws Exception {
    var scheduler = Executors.newScheduledThreadPool(2);
    try (WaitRegistry registry =
            new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC());
        PollingFallback polling =
            new PollingFallback(
                new KubernetesStatusPoller(client),
                registry,
                scheduler,
                Duration.ofMillis(50),
                ProgressListener.NONE)) {
      Wait wait =
          registry.register(
              new WaitRequest(
                  "poll",
                  SHA,
                  List.of(Target.of("Kustomization", "flux-system", "apps")),
                  Instant.now().plusSeconds(20)),
              WaitListener.NONE);
      polling.watch(wait);
      Thread.sleep(150);
      assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);

      flux(
          "kustomize.toolkit.fluxcd.io/v1",
          "Kustomization",
          1,
          Map.of(
              "observedGeneration",
              1,
              "lastAppliedRevision",
              "main@sha1:" + SHA,
              "conditions",
              List.of(condition("Ready", "True", "ReconciliationSucceeded"))));

      assertThat(wait.completion().get(10, TimeUnit.SECONDS).outcome())
          .isEqualTo(WaitOutcome.SUCCEEDED);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static final String DIGEST =
      "sha256:3b6cdcc7adcc9a8c4f3e2ae8a4c7b9f7f2f6c7c0f2e4a6b8c0d2e4f6a8b0c2d4";

  @Test
  void pollingCompletesAWaitForAnOciArtifactDigestOnAnOciRepository() throws Exception {
    var scheduler = Executors.newScheduledThreadPool(2);
    try (WaitRegistry registry =
            new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC());
        PollingFallback polling =
            new PollingFallback(
                new KubernetesStatusPoller(client),
                registry,
                scheduler,
                Duration.ofMillis(50),
                ProgressListener.NONE)) {
      Wait wait =
          registry.register(
              WaitRequest.of(
                  "1.0.0@" + DIGEST,
                  List.of(Target.parse("ocirepository/flux-system/apps")),
                  Duration.ofSeconds(20),
                  Clock.systemUTC()),
              WaitListener.NONE);
      polling.watch(wait);

      flux(
          "source.toolkit.fluxcd.io/v1",
          "OCIRepository",
          1,
          Map.of(
              "observedGeneration",
              1,
              "artifact",
              Map.of("revision", "latest@" + DIGEST, "digest", DIGEST),
              "conditions",
              List.of(condition("Ready", "True", "Succeeded"))));

      assertThat(wait.completion().get(10, TimeUnit.SECONDS).outcome())
          .isEqualTo(WaitOutcome.SUCCEEDED);
    } finally {
      scheduler.shutdownNow();
    }
  }

  private Deployment deployment(
      String name, String image, int replicas, int updated, int available) {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("apps")
            .withGeneration(2L)
            .endMetadata()
            .withNewSpec()
            .withReplicas(replicas)
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage(image)
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withObservedGeneration(2L)
            .withReplicas(replicas)
            .withUpdatedReplicas(updated)
            .withAvailableReplicas(available)
            .endStatus()
            .build();
    return client.apps().deployments().inNamespace("apps").resource(d).create();
  }

  @Test
  void reportsWorkloadsUsingThePromotedImageThatAreNotRolledOut() throws Exception {
    deployment("done", "ghcr.io/org/podinfo:6.7.1", 2, 2, 2);
    deployment("rolling", "ghcr.io/org/podinfo:6.7.1", 3, 1, 2);
    deployment("unrelated", "ghcr.io/org/other:1.0", 3, 0, 0);
    deployment("hub", "nginx:1.27", 1, 1, 0);

    WorkloadRollout rollout = new WorkloadRollout(client);

    assertThat(rollout.notRolledOut("apps", "ghcr.io/org/podinfo:6.7.1"))
        .containsExactly("Deployment/apps/rolling: 1 of 3 replicas updated");
    assertThat(rollout.notRolledOut("apps", "docker.io/library/nginx:1.27"))
        .containsExactly("Deployment/apps/hub: 0 of 1 replicas available");
  }
}
