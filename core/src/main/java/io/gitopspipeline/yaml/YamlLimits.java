package io.gitopspipeline.yaml;

/**
 * Bounds on what the YAML reader accepts, so hostile input (billion laughs, deep nesting, huge
 * files) fails fast with a clear error instead of exhausting memory or the stack.
 *
 * @param maxBytes largest file read, in bytes
 * @param maxDepth deepest nesting of mappings and sequences
 * @param maxAliases most alias nodes ({@code *name}) in one document
 * @param maxExpandedNodes most nodes a document may describe once every alias is expanded
 */
public record YamlLimits(int maxBytes, int maxDepth, int maxAliases, long maxExpandedNodes) {
  /** 16 MiB, 200 levels, 10,000 aliases, 1,000,000 expanded nodes: far above real manifests. */
  public static final YamlLimits DEFAULT = new YamlLimits(16 * 1024 * 1024, 200, 10_000, 1_000_000);

  public YamlLimits {
    if (maxBytes <= 0 || maxDepth <= 0 || maxAliases < 0 || maxExpandedNodes <= 0) {
      throw new IllegalArgumentException("YAML limits must be positive");
    }
  }
}
