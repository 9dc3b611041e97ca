package io.gitopspipeline.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopspipeline.api.GitOpsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * After a sync: are the Deployments, StatefulSets and DaemonSets of a namespace that run the
 * promoted image fully rolled out (controller caught up with the spec, every replica updated and
 * available)? A reconciler can report success before pods finish rolling when it has no health
 * checks.
 */
public final class WorkloadRollout {
  private final KubernetesClient client;

  public WorkloadRollout(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The workloads in {@code namespace} using {@code image} that are not rolled out, each as {@code
   * Kind/namespace/name: why}; empty when all are (or none uses the image).
   */
  public List<String> notRolledOut(String namespace, String image) throws GitOpsException {
    List<String> pending = new ArrayList<>();
    try {
      for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
        if (uses(d.getSpec().getTemplate().getSpec(), image)) {
          check(pending, "Deployment", namespace, d.getMetadata().getName(), deployment(d));
        }
      }
      for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
        if (uses(s.getSpec().getTemplate().getSpec(), image)) {
          check(pending, "StatefulSet", namespace, s.getMetadata().getName(), statefulSet(s));
        }
      }
      for (DaemonSet d : client.apps().daemonSets().inNamespace(namespace).list().getItems()) {
        if (uses(d.getSpec().getTemplate().getSpec(), image)) {
          check(pending, "DaemonSet", namespace, d.getMetadata().getName(), daemonSet(d));
        }
      }
    } catch (KubernetesClientException e) {
      throw new GitOpsException(
          "could not list workloads in namespace "
              + namespace
              + " (HTTP "
              + e.getCode()
              + "); check RBAC (list on apps deployments, statefulsets, daemonsets)",
          e);
    }
    return pending;
  }

  static boolean uses(PodSpec spec, String image) {
    if (spec == null) {
      return false;
    }
    return Stream.of(spec.getContainers(), spec.getInitContainers())
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .map(Container::getImage)
        .filter(Objects::nonNull)
        .anyMatch(used -> sameImage(used, image));
  }

  /** Equal, or equal once Docker Hub's implicit {@code docker.io/[library/]} is added. */
  static boolean sameImage(String a, String b) {
    return a.equals(b) || expand(a).equals(expand(b));
  }

  private static String expand(String image) {
    String first = image.contains("/") ? image.substring(0, image.indexOf('/')) : "";
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (hasRegistry) {
      return image;
    }
    return "docker.io/" + (image.contains("/") ? image : "library/" + image);
  }

  private static void check(
      List<String> pending, String kind, String namespace, String name, String problem) {
    if (problem != null) {
      pending.add(kind + "/" + namespace + "/" + name + ": " + problem);
    }
  }

  static String deployment(Deployment d) {
    var status = d.getStatus();
    int desired = value(d.getSpec().getReplicas(), 1);
    if (status == null
        || !caughtUp(d.getMetadata().getGeneration(), status.getObservedGeneration())) {
      return "the controller has not observed the latest spec yet";
    }
    int updated = value(status.getUpdatedReplicas(), 0);
    int available = value(status.getAvailableReplicas(), 0);
    int total = value(status.getReplicas(), 0);
    if (updated < desired) {
      return updated + " of " + desired + " replicas updated";
    }
    if (total > updated) {
      return (total - updated) + " old replicas still running";
    }
    if (available < desired) {
      return available + " of " + desired + " replicas available";
    }
    return null;
  }

  static String statefulSet(StatefulSet s) {
    var status = s.getStatus();
    int desired = value(s.getSpec().getReplicas(), 1);
    if (status == null
        || !caughtUp(s.getMetadata().getGeneration(), status.getObservedGeneration())) {
      return "the controller has not observed the latest spec yet";
    }
    int updated = value(status.getUpdatedReplicas(), 0);
    int ready = value(status.getReadyReplicas(), 0);
    if (updated < desired) {
      return updated + " of " + desired + " replicas updated";
    }
    if (ready < desired) {
      return ready + " of " + desired + " replicas ready";
    }
    if (status.getUpdateRevision() != null
        && !status.getUpdateRevision().equals(status.getCurrentRevision())) {
      return "revision " + status.getUpdateRevision() + " is not current yet";
    }
    return null;
  }

  static String daemonSet(DaemonSet d) {
    var status = d.getStatus();
    if (status == null
        || !caughtUp(d.getMetadata().getGeneration(), status.getObservedGeneration())) {
      return "the controller has not observed the latest spec yet";
    }
    int desired = value(status.getDesiredNumberScheduled(), 0);
    int updated = value(status.getUpdatedNumberScheduled(), 0);
    int available = value(status.getNumberAvailable(), 0);
    if (updated < desired) {
      return updated + " of " + desired + " pods updated";
    }
    if (available < desired) {
      return available + " of " + desired + " pods available";
    }
    return null;
  }

  private static boolean caughtUp(Long generation, Long observed) {
    return generation == null || (observed != null && observed >= generation);
  }

  private static int value(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
