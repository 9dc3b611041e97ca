package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an image reference the edits write: {@code name[:tag][@digest]}, validated with the
 * grammar of distribution/reference (without normalisation: the name is written as given). A
 * minimal local copy so this package does not depend on the image package.
 */
record ImageRef(String name, String tag, String digest) {
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN =
      "(?:"
          + DOMAIN_COMPONENT
          + "(?:\\."
          + DOMAIN_COMPONENT
          + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
  private static final String NAME =
      "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  static final String TAG = "[\\w][\\w.-]{0,127}";
  static final String DIGEST =
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
  private static final Pattern REFERENCE =
      Pattern.compile("(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?");

  static ImageRef parse(String reference, String what) throws InvalidInputException {
    Matcher m = REFERENCE.matcher(reference == null ? "" : reference);
    if (!m.matches()) {
      throw new InvalidInputException(
          what
              + " '"
              + reference
              + "' is not a valid image reference; expected name[:tag][@digest], e.g."
              + " ghcr.io/org/app:1.2.3");
    }
    if (m.group(1).length() > 255) {
      throw new InvalidInputException(
          what + ": repository name must not be more than 255 characters");
    }
    return new ImageRef(m.group(1), m.group(2), m.group(3));
  }

  /** The reference as Flux writes it for a full-image setter: {@code name:tag[@digest]}. */
  @Override
  public String toString() {
    return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
