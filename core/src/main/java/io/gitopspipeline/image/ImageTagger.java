package io.gitopspipeline.image;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Adds tags to an image already in a registry, without pulling it: the manifest is fetched by
 * digest and the same bytes are PUT under each tag with their exact media type, so every tag gets
 * the source's digest (multi-arch indexes included).
 *
 * <p>Tags are immutable by default: a tag that already points to another digest is refused (before
 * anything is written) unless moving is allowed.
 */
public final class ImageTagger {
  private static final String TOPIC = "image";

  private final RegistryClient registry;

  public ImageTagger(RegistryClient registry) {
    this.registry = registry;
  }

  /**
   * Tags {@code source} (a tag or digest reference; {@code latest} when it has neither) with each
   * of {@code tags} in its own repository.
   *
   * @param allowMove whether a tag that points to another digest may be moved
   * @throws InvalidInputException when a tag is invalid or none is given
   * @throws GitOpsException when the source does not exist, a tag would move and that is not
   *     allowed, or the registry refuses
   */
  public TagResult tag(
      ImageReference source, List<String> tags, boolean allowMove, ProgressListener progress)
      throws GitOpsException {
    if (tags.isEmpty()) {
      throw new InvalidInputException("no tags given; name at least one tag to add");
    }
    List<ImageReference> targets = new ArrayList<>();
    for (String tag : new LinkedHashSet<>(tags)) {
      targets.add(source.withTag(tag));
    }
    ManifestDescriptor descriptor = registry.resolve(source);
    ImageReference pinned = source.repositoryOnly().withDigest(descriptor.digest());
    Manifest manifest = registry.fetchManifest(pinned);
    progress.info(
        TOPIC, "tagging " + source + " (" + manifest.digest() + ", " + manifest.mediaType() + ")");

    List<ImageReference> unchanged = new ArrayList<>();
    List<ImageReference> moved = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (ImageReference target : targets) {
      Optional<ManifestDescriptor> existing = registry.find(target);
      if (existing.isEmpty()) {
        continue;
      }
      if (existing.get().digest().equals(manifest.digest())) {
        unchanged.add(target);
      } else if (allowMove) {
        moved.add(target);
      } else {
        refused.add("'" + target.tag() + "' (now " + existing.get().digest() + ")");
      }
    }
    if (!refused.isEmpty()) {
      throw new GitOpsException(
          "refusing to move "
              + (refused.size() == 1 ? "tag " : "tags ")
              + String.join(", ", refused)
              + " of "
              + source.repositoryOnly()
              + " to "
              + manifest.digest()
              + ": tags are immutable; allow moving tags to overwrite them. Nothing was tagged");
    }
    for (ImageReference target : targets) {
      if (unchanged.contains(target)) {
        progress.info(TOPIC, target + " already points to " + manifest.digest());
        continue;
      }
      registry.putManifest(target, manifest);
      progress.info(
          TOPIC,
          (moved.contains(target) ? "moved " : "tagged ") + target + " -> " + manifest.digest());
    }
    return new TagResult(
        source, manifest.digest(), manifest.mediaType(), targets, unchanged, moved);
  }
}
