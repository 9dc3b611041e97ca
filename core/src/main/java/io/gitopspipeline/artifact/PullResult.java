package io.gitopspipeline.artifact;

import java.util.List;

/**
 * What a pull wrote.
 *
 * @param ref the artifact pinned by digest
 * @param digest the manifest's digest
 * @param layerDigest the content layer's digest, checked before anything was written
 * @param source the {@code org.opencontainers.image.source} annotation, or null
 * @param revision the {@code org.opencontainers.image.revision} annotation, or null
 * @param created the {@code org.opencontainers.image.created} annotation, or null
 * @param out the directory written
 * @param files the files written, relative to {@code out}, sorted
 */
public record PullResult(
    String ref,
    String digest,
    String layerDigest,
    String source,
    String revision,
    String created,
    String out,
    List<String> files) {
  public PullResult {
    files = List.copyOf(files);
  }
}
