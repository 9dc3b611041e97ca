package io.gitopspipeline.image;

import java.util.List;

/**
 * The outcome of tagging an image.
 *
 * @param source the reference that was tagged
 * @param digest the digest every tag now points to (the source's, unchanged)
 * @param mediaType the manifest's media type
 * @param tagged every requested tag as a full reference, in the order asked
 * @param unchanged those of {@code tagged} that already pointed to the digest
 * @param moved those of {@code tagged} that pointed to another digest and were moved (only when
 *     moving was allowed)
 */
public record TagResult(
    ImageReference source,
    String digest,
    String mediaType,
    List<ImageReference> tagged,
    List<ImageReference> unchanged,
    List<ImageReference> moved) {
  public TagResult {
    tagged = List.copyOf(tagged);
    unchanged = List.copyOf(unchanged);
    moved = List.copyOf(moved);
  }
}
