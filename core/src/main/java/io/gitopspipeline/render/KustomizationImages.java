package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import java.nio.file.Path;

/**
 * Sets an image in a kustomization file, like {@code kustomize edit set image NAME=REF}: the seam
 * to the YAML-edit capability's kustomize-image edit. Rendering only ever calls it on a scratch
 * copy, never on the user's tree.
 */
@FunctionalInterface
interface KustomizationImages {
  /**
   * @param kustomization the {@code kustomization.yaml} to edit
   * @param name the image name the manifests use (the {@code images[].name} to match or add)
   * @param image the new image: its repository becomes {@code newName} when it differs from {@code
   *     name}, its tag {@code newTag}, its digest {@code digest}
   */
  void setImage(Path kustomization, String name, ImageRef image) throws GitOpsException;
}
