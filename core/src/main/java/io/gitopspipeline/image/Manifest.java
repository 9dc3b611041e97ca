package io.gitopspipeline.image;

import java.util.Arrays;
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

  // Records compare arrays by identity; a manifest is its bytes.
  @Override
  public boolean equals(Object other) {
    return other instanceof Manifest m
        && Arrays.equals(content, m.content)
        && mediaType.equals(m.mediaType)
        && digest.equals(m.digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "Manifest[" + mediaType + ", " + digest + ", " + content.length + " bytes]";
  }

  public ManifestDescriptor descriptor() {
    return new ManifestDescriptor(digest, mediaType, content.length);
  }
}
