package io.gitopspipeline.render;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * One rendered Kubernetes resource.
 *
 * @param content the resource as plain Java values (maps, lists, strings, numbers, booleans, null)
 * @param origin where it came from, for messages: a file and document, or the tool that rendered it
 */
public record Manifest(Map<String, Object> content, String origin) {
  public Manifest {
    content = Collections.unmodifiableMap(Objects.requireNonNull(content, "content"));
    Objects.requireNonNull(origin, "origin");
  }

  public String apiVersion() {
    return content.get("apiVersion") instanceof String s ? s : "";
  }

  /** The API group: the part of {@code apiVersion} before the slash, empty for the core group. */
  public String group() {
    String apiVersion = apiVersion();
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  public String kind() {
    return content.get("kind") instanceof String s ? s : "";
  }

  public String name() {
    return metadata().get("name") instanceof String s ? s : "";
  }

  /** The namespace written in the manifest, or empty. */
  public String namespace() {
    return metadata().get("namespace") instanceof String s ? s : "";
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> metadata() {
    return content.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** {@code Kind/namespace/name} (or {@code Kind/name}) for messages. */
  public String describe() {
    String ns = namespace();
    return kind() + "/" + (ns.isEmpty() ? "" : ns + "/") + name() + " (" + origin + ")";
  }
}
