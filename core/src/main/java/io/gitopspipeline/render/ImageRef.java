package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.image.ImageReference;

/**
 * The parts of an image reference that rendering needs, as the user wrote them: repository, tag and
 * digest. The grammar is the image capability's {@link ImageReference}; here a reference is only
 * split the way that grammar splits it (a tag is the text after the last colon that follows the
 * last slash), keeping the repository as written for kustomize names and Helm values.
 *
 * @param repository the name without tag or digest, as written
 * @param tag the tag, or empty
 * @param digest the digest ({@code sha256:...}), or empty
 */
record ImageRef(String repository, String tag, String digest) {
  /**
   * A promoted image, checked against the distribution reference grammar by the image capability
   * (so its verdicts and messages are the same everywhere), then split as written.
   */
  static ImageRef parse(String reference) throws InvalidInputException {
    ImageReference.parse(reference.trim());
    return split(reference);
  }

  /** Lenient split for images found in manifests (which are validated by policy, not here). */
  static ImageRef split(String reference) {
    String rest = reference.trim();
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageRef(rest, tag, digest);
  }

  /** The repository as Docker resolves it: {@code nginx} is {@code docker.io/library/nginx}. */
  String canonicalRepository() {
    String repo = repository;
    int slash = repo.indexOf('/');
    String first = slash < 0 ? "" : repo.substring(0, slash);
    boolean hasRegistry =
        slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    if (!hasRegistry) {
      repo = "docker.io/" + (slash < 0 ? "library/" + repo : repo);
    } else if (first.equals("index.docker.io")) {
      repo = "docker.io" + repo.substring(slash);
    }
    return repo;
  }

  String reference() {
    return repository + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
  }
}
