package io.gitopspipeline.artifact;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.image.ImageReference;

/** Artifact references as Flux writes them: {@code oci://REGISTRY/REPOSITORY[:TAG][@DIGEST]}. */
public final class ArtifactReference {
  /** The scheme prefix of Flux's OCIRepository URLs. */
  public static final String SCHEME = "oci://";

  private ArtifactReference() {}

  /**
   * The reference, with or without {@code oci://}; it must name its registry.
   *
   * @throws InvalidInputException when it is not a reference
   */
  public static ImageReference parse(String text) throws InvalidInputException {
    String ref = text == null ? "" : text.trim();
    if (ref.startsWith(SCHEME)) {
      ref = ref.substring(SCHEME.length());
    }
    int slash = ref.indexOf('/');
    String first = slash < 0 ? "" : ref.substring(0, slash);
    if (!(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      throw new InvalidInputException(
          "artifact reference '"
              + printable(text)
              + "' names no registry; write it as oci://REGISTRY/REPOSITORY:TAG, e.g."
              + " oci://ghcr.io/acme/manifests:1.0.0");
    }
    return ImageReference.parse(ref);
  }

  /** {@code oci://} and the reference. */
  public static String format(ImageReference reference) {
    return SCHEME + reference;
  }

  static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return text.length() > 200 ? out + "..." : out.toString();
  }
}
