package io.gitopspipeline.sync;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which kubeconfig entries a client may use where the kubeconfig's author must not reach the
 * machine: on a Jenkins controller, a Pipeline author supplies the kubeconfig (any secret file they
 * can use), and fabric8 honours entries that start a program ({@code exec}), call out to a plugin
 * ({@code auth-provider}, which also rewrites the file) or read local files ({@code tokenFile},
 * {@code client-certificate}, {@code client-key}, {@code certificate-authority}). Only the inline
 * forms ({@code token}, {@code username}/{@code password}, the {@code *-data} fields) are accepted.
 */
public final class KubeconfigPolicy {
  private KubeconfigPolicy() {}

  /**
   * Checks every user and cluster in {@code kubeconfig} (not only the current context's: a context
   * can be chosen later), parsed the way fabric8 parses it.
   *
   * @throws InvalidInputException naming each refused entry, or when the text is not a kubeconfig
   */
  public static void requireSelfContained(String kubeconfig) throws InvalidInputException {
    Config config;
    try {
      config = KubeConfigUtils.parseConfigFromString(kubeconfig);
    } catch (RuntimeException e) {
      // KubernetesClientException or the YAML parser's own, which vary by fabric8 version; their
      // messages quote the text, which holds secrets, so none is repeated
      throw new InvalidInputException("the kubeconfig cannot be read: it is not a YAML kubeconfig");
    }
    if (config == null) {
      throw new InvalidInputException("the kubeconfig is empty");
    }
    List<String> refused = new ArrayList<>();
    for (NamedAuthInfo user : nonNull(config.getUsers())) {
      AuthInfo auth = user.getUser();
      if (auth == null) {
        continue;
      }
      String entry = "users[" + quoted(user.getName()) + "]";
      refuse(refused, entry, "exec", auth.getExec() != null, "runs a program");
      refuse(refused, entry, "auth-provider", auth.getAuthProvider() != null, "runs a plugin");
      refuse(refused, entry, "tokenFile", present(auth.getTokenFile()), "reads a local file");
      refuse(
          refused,
          entry,
          "client-certificate",
          present(auth.getClientCertificate()),
          "reads a local file; use client-certificate-data");
      refuse(
          refused,
          entry,
          "client-key",
          present(auth.getClientKey()),
          "reads a local file; use client-key-data");
    }
    for (NamedCluster cluster : nonNull(config.getClusters())) {
      Cluster c = cluster.getCluster();
      if (c != null) {
        refuse(
            refused,
            "clusters[" + quoted(cluster.getName()) + "]",
            "certificate-authority",
            present(c.getCertificateAuthority()),
            "reads a local file; use certificate-authority-data");
      }
    }
    if (!refused.isEmpty()) {
      throw new InvalidInputException(
          "the kubeconfig uses entries that are refused here, where only inline credentials are"
              + " accepted: "
              + String.join("; ", refused));
    }
  }

  private static void refuse(
      List<String> refused, String entry, String field, boolean present, String why) {
    if (present) {
      refused.add(entry + "." + field + " (" + why + ")");
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Names come from outside: quoted, with control characters escaped. */
  private static String quoted(String name) {
    if (name == null) {
      return "''";
    }
    StringBuilder out = new StringBuilder("'");
    name.codePoints()
        .limit(100)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('\'').toString();
  }
}
