package io.gitopspipeline.sync;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopspipeline.api.InvalidInputException;
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
    Config config;
    try {
      if (kubeconfig != null) {
        if (!Files.isReadable(kubeconfig)) {
          throw new InvalidInputException(
              "kubeconfig " + kubeconfig + " does not exist or cannot be read");
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
}
