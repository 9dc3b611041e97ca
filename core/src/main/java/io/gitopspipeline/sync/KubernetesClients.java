package io.gitopspipeline.sync;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Connects to a cluster the way kubectl does. */
public final class KubernetesClients {
  private KubernetesClients() {}

  /**
   * A client for {@code kubeconfig} (or, when null, {@code KUBECONFIG}/{@code ~/.kube/config}, or
   * the pod's service account in-cluster) and {@code context} (null for the current context).
   */
  public static KubernetesClient connect(Path kubeconfig, String context)
      throws InvalidInputException {
    return connect(kubeconfig, context, false);
  }

  /**
   * Like {@link #connect(Path, String)} with a kubeconfig that someone other than the machine's
   * owner wrote (on a Jenkins controller, a Pipeline author): refuses, before fabric8 reads it,
   * every entry that would run a program or read a local file ({@link KubeconfigPolicy}).
   */
  public static KubernetesClient connectSelfContained(Path kubeconfig, String context)
      throws InvalidInputException {
    if (kubeconfig == null) {
      // no fallback to this machine's own ~/.kube/config or service account
      throw new InvalidInputException("a kubeconfig is required here");
    }
    return connect(kubeconfig, context, true);
  }

  private static KubernetesClient connect(Path kubeconfig, String context, boolean selfContained)
      throws InvalidInputException {
    Config config;
    try {
      if (kubeconfig != null) {
        if (!Files.isReadable(kubeconfig)) {
          throw new InvalidInputException(
              "kubeconfig " + kubeconfig + " does not exist or cannot be read");
        }
        if (selfContained) {
          KubeconfigPolicy.requireSelfContained(read(kubeconfig));
        }
        config = Config.fromKubeconfig(context, kubeconfig.toFile());
      } else {
        config = Config.autoConfigure(context);
      }
    } catch (KubernetesClientException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "cannot use the kubeconfig"
              + (context == null ? "" : " with context '" + context + "'")
              + ": "
              + e.getMessage());
    }
    // A poll is retried on the next interval anyway: fail fast so the user sees why.
    config.setRequestRetryBackoffLimit(1);
    config.setConnectionTimeout(5_000);
    config.setRequestTimeout(10_000);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A kubeconfig is a few kilobytes; a larger file is refused before it is read whole. */
  static final long MAX_KUBECONFIG_BYTES = 1024 * 1024;

  private static String read(Path kubeconfig) throws InvalidInputException {
    try {
      if (Files.size(kubeconfig) > MAX_KUBECONFIG_BYTES) {
        throw new InvalidInputException(
            "kubeconfig " + kubeconfig + " is larger than " + MAX_KUBECONFIG_BYTES + " bytes");
      }
      return Files.readString(kubeconfig, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("kubeconfig " + kubeconfig + " cannot be read", e);
    }
  }
}
