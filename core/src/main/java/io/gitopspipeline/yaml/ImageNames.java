package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.InvalidImageReferenceException;

/**
 * Image references as the edits read them: parsed and validated by {@link ImageReference} (the one
 * parser of the distribution grammar), but written with the name exactly as the user gave it.
 * Flux's {@code :name} setter writes the image name "as supplied" (the reference minus its tag and
 * digest), not the normalised {@code docker.io/library/...} form, and kustomize writes {@code
 * newName} verbatim.
 */
final class ImageNames {
  private ImageNames() {}

  /** A reference as given and its parsed parts; {@code name} is the given name. */
  record Given(String text, String name, String tag, String digest) {}

  /**
   * @param what the argument the reference came from, to name it in the error
   */
  static Given parse(String reference, String what) throws InvalidInputException {
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new InvalidInputException(
          what
              + " is not a valid image reference; expected name[:tag][@digest], e.g."
              + " ghcr.io/org/app:1.2.3 ("
              + e.getMessage()
              + ")",
          e);
    }
    // the grammar keeps tag and digest verbatim, so the given name is what precedes them
    int suffix =
        (parsed.tag() == null ? 0 : parsed.tag().length() + 1)
            + (parsed.digest() == null ? 0 : parsed.digest().length() + 1);
    return new Given(
        reference,
        reference.substring(0, reference.length() - suffix),
        parsed.tag(),
        parsed.digest());
  }

  static boolean validTag(String tag) {
    return ImageReference.isValidTag(tag);
  }

  /** A digest the distribution grammar and go-digest accept (sha256 or sha512, exact length). */
  static boolean validDigest(String digest) {
    try {
      ImageReference.parse("scratch").withDigest(digest);
      return true;
    } catch (InvalidImageReferenceException e) {
      return false;
    }
  }
}
