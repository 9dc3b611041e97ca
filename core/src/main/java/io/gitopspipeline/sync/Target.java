package io.gitopspipeline.sync;

import io.gitopspipeline.api.InvalidInputException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A reconciled object: a Flux {@code Kustomization}, {@code HelmRelease} or {@code OCIRepository}
 * (whose revision is {@code TAG@sha256:DIGEST}), an Argo CD {@code Application}. Written {@code
 * KIND/NAMESPACE/NAME}, optionally {@code @CLUSTER}.
 *
 * <p>In an event, {@link #ANY} stands for a part the source does not report (gitops-connector's
 * Argo CD payload names no application; Flux commit statuses name no namespace); it matches any
 * value of a wait's target.
 *
 * @param kind the resource kind, canonical spelling for the kinds gitops-pipeline knows
 * @param namespace the object's namespace, or {@link #ANY}
 * @param name the object's name, or {@link #ANY}
 * @param cluster an optional label telling clusters apart (Flux Alert {@code
 *     eventMetadata.cluster}); {@code null} when not given, which in a wait matches events from any
 *     cluster
 */
public record Target(String kind, String namespace, String name, String cluster)
    implements Serializable {
  /** Stands for a part of the target the event's source does not report. */
  public static final String ANY = "*";

  private static final Map<String, String> CANONICAL_KINDS =
      Map.of(
          "kustomization", "Kustomization",
          "ks", "Kustomization",
          "helmrelease", "HelmRelease",
          "hr", "HelmRelease",
          "ocirepository", "OCIRepository",
          "ocirepo", "OCIRepository",
          "application", "Application",
          "app", "Application");

  public Target {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    kind = CANONICAL_KINDS.getOrDefault(kind.toLowerCase(Locale.ROOT), kind);
    if (cluster != null && cluster.isBlank()) {
      cluster = null;
    }
  }

  public static Target of(String kind, String namespace, String name) {
    return new Target(kind, namespace, name, null);
  }

  /**
   * Parses {@code KIND/NAMESPACE/NAME[@CLUSTER]}, e.g. {@code Kustomization/flux-system/apps}.
   *
   * @throws InvalidInputException naming the text and the expected form
   */
  public static Target parse(String text) throws InvalidInputException {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "target is empty; write it as KIND/NAMESPACE/NAME, e.g. Kustomization/flux-system/apps");
    }
    String body = text.trim();
    String cluster = null;
    int at = body.indexOf('@');
    if (at >= 0) {
      cluster = body.substring(at + 1);
      body = body.substring(0, at);
      if (cluster.isEmpty()) {
        throw new InvalidInputException(
            "target '"
                + text
                + "' has an empty cluster after '@'; drop the '@' or name the cluster");
      }
    }
    String[] parts = body.split("/", -1);
    if (parts.length != 3) {
      throw new InvalidInputException(
          "target '"
              + text
              + "' is not KIND/NAMESPACE/NAME (e.g. Kustomization/flux-system/apps,"
              + " HelmRelease/apps/podinfo, Application/argocd/podinfo)");
    }
    for (String part : parts) {
      if (part.isEmpty() || part.equals(ANY) || !part.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new InvalidInputException(
            "target '"
                + text
                + "' has an invalid part '"
                + part
                + "'; kind, namespace and name are Kubernetes names (letters, digits, '-', '.')");
      }
    }
    return new Target(parts[0], parts[1], parts[2], cluster);
  }

  /**
   * True when an event about {@code reported} is about this (wait) target: same kind (ignoring
   * case), namespace and name, where the event's {@link #ANY} matches anything, and the same
   * cluster when both name one.
   */
  public boolean matches(Target reported) {
    return kind.equalsIgnoreCase(reported.kind)
        && (reported.namespace.equals(ANY) || namespace.equals(reported.namespace))
        && (reported.name.equals(ANY) || name.equals(reported.name))
        && (cluster == null || reported.cluster == null || cluster.equals(reported.cluster));
  }

  /** {@code KIND/NAMESPACE/NAME}, without the cluster. */
  public String path() {
    return kind + "/" + namespace + "/" + name;
  }

  @Override
  public String toString() {
    return cluster == null ? path() : path() + "@" + cluster;
  }
}
