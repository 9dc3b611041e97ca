package io.gitopspipeline.render;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How a source turns into manifests. */
public enum RenderEngine {
  /** A directory of YAML manifests with Flux post-build substitution. */
  PLAIN,
  /** A Kustomize base or overlay, built by the real {@code kustomize}. */
  KUSTOMIZE,
  /** A Helm chart, rendered by the real {@code helm template}. */
  HELM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The engine a source directory asks for: a Chart.yaml means Helm, a kustomization (or an {@code
   * overlays/} folder) Kustomize.
   */
  public static RenderEngine detect(Path source) {
    if (Files.isRegularFile(source.resolve("Chart.yaml"))) {
      return HELM;
    }
    if (KustomizeEngine.kustomizationFile(source) != null
        || Files.isDirectory(source.resolve("overlays"))) {
      return KUSTOMIZE;
    }
    return PLAIN;
  }
}
