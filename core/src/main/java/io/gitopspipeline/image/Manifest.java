package io.gitopspipeline.image;

import java.util.Objects;

/**
 * A manifest exactly as the registry stores it. Retagging PUTs these same bytes with this media
 * type, which is what keeps the digest unchanged.
 *
 * @param content the raw bytes (not copied; treat as read-only)
 * @param mediaType the manifest's media type, from the registry's {@code Content-Type}
 * @param digest the digest of {@code content}
 */
public record Manifest(byte[] content, String mediaType, String digest) {
  public Manifest {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
  }

  public ManifestDescriptor descriptor() {
    return new ManifestDescriptor(digest, mediaType, content.length);
  }
}
