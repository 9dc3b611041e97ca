package io.gitopspipeline.render;

import java.util.List;
import java.util.Map;

/**
 * Rendered manifests, normalised and named.
 *
 * @param engine the engine that rendered them
 * @param environment the environment they are for
 * @param manifests the resources, in output order
 * @param files each resource's output path ({@code <namespace>/<kind>-<name>.yaml}) and its text,
 *     in the same order
 * @param images container images referenced, sorted
 * @param tools the external programs run, with their versions
 * @param warnings things the user should know that did not stop rendering
 */
public record RenderResult(
    RenderEngine engine,
    String environment,
    List<Manifest> manifests,
    Map<String, String> files,
    List<String> images,
    List<ExternalTool> tools,
    List<String> warnings) {
  public RenderResult {
    manifests = List.copyOf(manifests);
    files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    images = List.copyOf(images);
    tools = List.copyOf(tools);
    warnings = List.copyOf(warnings);
  }

  /** All resources as one multi-document YAML stream. */
  public String stream() {
    StringBuilder out = new StringBuilder();
    for (String text : files.values()) {
      out.append("---\n").append(text);
    }
    return out.toString();
  }
}
