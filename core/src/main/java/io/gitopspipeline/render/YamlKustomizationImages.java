package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.yaml.KustomizeImage;
import io.gitopspipeline.yaml.YamlEditor;
import java.nio.file.Path;

/**
 * Sets the promoted image in the scratch copy's kustomization with the YAML-edit capability, so the
 * semantics are exactly those of {@code gitops yaml kustomize-image} (and of {@code kustomize edit
 * set image}): the matching {@code images[]} entry is updated, or one is added; a part the new
 * image lacks is removed, so a stale digest cannot keep pinning the old image.
 */
final class YamlKustomizationImages implements KustomizationImages {
  private final YamlEditor editor;

  YamlKustomizationImages(YamlEditor editor) {
    this.editor = editor;
  }

  @Override
  public void setImage(Path kustomization, String name, ImageRef image) throws GitOpsException {
    editor.setKustomizeImageAndWrite(
        kustomization,
        new KustomizeImage(
            name,
            image.repository().equals(name) ? null : image.repository(),
            image.tag().isEmpty() ? null : image.tag(),
            image.digest().isEmpty() ? null : image.digest()));
  }
}
