package io.gitopspipeline.render;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Names output files {@code <namespace>/<kind>-<name>.yaml} ({@code _cluster/} for cluster-scoped
 * kinds), lowercase and made only of {@code [a-z0-9._-]}, so no manifest name can reach outside the
 * output directory, and distinct resources never share a file.
 */
final class OutputLayout {
  static final String CLUSTER = "_cluster";

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "StorageClass",
          "PriorityClass",
          "IngressClass",
          "RuntimeClass",
          "CSIDriver",
          "CSINode",
          "VolumeAttachment",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "APIService",
          "CertificateSigningRequest",
          "FlowSchema",
          "PriorityLevelConfiguration",
          "GatewayClass",
          "ClusterIssuer",
          "ClusterPolicy");

  private final KubernetesSerialization kubernetes;

  OutputLayout(KubernetesSerialization kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** Cluster-scoped: known as such, or a CRD in the same render says {@code scope: Cluster}. */
  boolean clusterScoped(Manifest manifest, Set<String> clusterScopedCustomKinds) {
    if (clusterScopedCustomKinds.contains(manifest.group() + "/" + manifest.kind())) {
      return true;
    }
    try {
      Class<? extends KubernetesResource> type =
          kubernetes.getRegisteredKubernetesResource(manifest.apiVersion(), manifest.kind());
      if (type != null && !type.isInterface()) {
        return !Namespaced.class.isAssignableFrom(type);
      }
    } catch (RuntimeException e) {
      // unknown to the model: fall back to the list
    }
    return CLUSTER_SCOPED.contains(manifest.kind());
  }

  /** group/kind of custom resources that CRDs in this render declare cluster-scoped. */
  static Set<String> clusterScopedCustomKinds(List<Manifest> manifests) {
    Set<String> kinds = new HashSet<>();
    for (Manifest m : manifests) {
      if (m.kind().equals("CustomResourceDefinition")
          && m.content().get("spec") instanceof Map<?, ?> spec
          && "Cluster".equals(spec.get("scope"))
          && spec.get("names") instanceof Map<?, ?> names
          && names.get("kind") instanceof String kind
          && spec.get("group") instanceof String group) {
        kinds.add(group + "/" + kind);
      }
    }
    return kinds;
  }

  /** The output path of each manifest, in sorted path order. */
  Map<String, Manifest> paths(List<Manifest> manifests, String defaultNamespace) {
    Set<String> clusterKinds = clusterScopedCustomKinds(manifests);
    Map<String, Manifest> byPath = new TreeMap<>();
    for (Manifest m : manifests) {
      String dir;
      if (clusterScoped(m, clusterKinds)) {
        dir = CLUSTER;
      } else {
        String ns = m.namespace().isEmpty() ? defaultNamespace : m.namespace();
        dir = segment(ns == null || ns.isEmpty() ? "default" : ns);
      }
      String file = segment(m.kind() + "-" + m.name());
      String path = dir + "/" + file + ".yaml";
      if (byPath.containsKey(path)) {
        // Two names that differ only in case or in characters a file name cannot hold.
        path =
            dir
                + "/"
                + file
                + "-"
                + shortHash(
                    m.group()
                        + "|"
                        + m.kind()
                        + "|"
                        + m.namespace()
                        + "|"
                        + m.name()
                        + "|"
                        + m.origin())
                + ".yaml";
      }
      byPath.put(path, m);
    }
    return new LinkedHashMap<>(byPath);
  }

  /** A safe file-name segment: lowercase, {@code [a-z0-9._-]}, never {@code .} or {@code ..}. */
  static String segment(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    for (char c : raw.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ? c : '_');
    }
    String s = b.toString();
    if (s.isEmpty() || s.startsWith(".")) {
      s = "_" + s;
    }
    if (s.length() > 200) {
      s = s.substring(0, 190) + "-" + shortHash(raw);
    }
    return s;
  }

  private static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
