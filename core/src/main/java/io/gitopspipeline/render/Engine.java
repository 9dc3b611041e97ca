package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Path;
import java.util.List;

/** Turns a source into YAML text; one implementation per {@link RenderEngine}. */
interface Engine {
  /** YAML text and what produced it (a file, or a tool's {@code # Source:} comment). */
  record Text(String yaml, String origin) {}

  /** What an engine produced and the external programs it ran. */
  record Output(List<Text> texts, List<ExternalTool> tools) {}

  /**
   * @param scratch a private temporary directory, removed afterwards
   */
  Output render(
      RenderRequest request,
      EnvironmentValues values,
      ImageSpec image,
      Path scratch,
      ProgressListener progress)
      throws GitOpsException;

  /**
   * The promoted image: the name the templates use and the new reference.
   *
   * @param name the image name to replace (kustomize {@code images[].name})
   */
  record ImageSpec(String name, ImageRef ref) {}
}
