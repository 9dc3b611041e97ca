package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.util.regex.Pattern;

/**
 * The parts of an image reference that rendering needs: repository, tag and digest. Full grammar
 * checks belong to the image capability; here a reference is split the way the distribution grammar
 * splits it (a tag is the text after the last colon that follows the last slash).
 *
 * @param repository the name without tag or digest, as written
 * @param tag the tag, or empty
 * @param digest the digest ({@code sha256:...}), or empty
 */
record ImageRef(String repository, String tag, String digest) {
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern REPOSITORY =
      Pattern.compile("[a-zA-Z0-9.\\-_:\\[\\]]+(/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  static ImageRef parse(String reference) throws InvalidInputException {
    String rest = reference.trim();
    String digest = "";
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new InvalidInputException(
            "image '" + reference + "' has digest '" + digest + "', which is not algorithm:hex");
      }
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new InvalidInputException(
            "image '"
                + reference
                + "' has tag '"
                + tag
                + "', which is not a valid tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");
      }
    }
    if (rest.isEmpty() || !REPOSITORY.matcher(rest).matches()) {
      throw new InvalidInputException(
          "image '" + reference + "' has no valid repository name before its tag or digest");
    }
    return new ImageRef(rest, tag, digest);
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
