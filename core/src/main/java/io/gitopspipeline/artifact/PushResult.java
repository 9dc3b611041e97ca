package io.gitopspipeline.artifact;

import java.util.List;

/**
 * What a push left in the registry.
 *
 * @param ref the artifact pinned by digest, {@code oci://REGISTRY/REPOSITORY@sha256:...}
 * @param digest the manifest's digest: the revision Flux reports is {@code TAG@DIGEST}
 * @param layerDigest the content layer's digest, equal for equal files
 * @param tags every tag now pointing to the digest, in the order given
 * @param unchangedTags those of {@code tags} that pointed to it already
 * @param movedTags those of {@code tags} that pointed to another digest and were moved
 * @param uploaded whether anything was uploaded: false when the artifact was there already
 */
public record PushResult(
    String ref,
    String digest,
    String layerDigest,
    List<String> tags,
    List<String> unchangedTags,
    List<String> movedTags,
    boolean uploaded) {
  public PushResult {
    tags = List.copyOf(tags);
    unchangedTags = List.copyOf(unchangedTags);
    movedTags = List.copyOf(movedTags);
  }
}
