package io.gitopspipeline.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.Manifest;
import io.gitopspipeline.image.ManifestDescriptor;
import io.gitopspipeline.image.MediaTypes;
import io.gitopspipeline.image.RegistryClient;
import io.gitopspipeline.render.SecretGuard;
import io.gitopspipeline.render.SecretPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pushes a directory as a Flux OCI artifact, as {@code flux push artifact} does: an OCI image
 * manifest whose config has Flux's config media type, one layer with the gzip-compressed tar of the
 * directory, and the source, revision and created annotations. The layer is reproducible, and when
 * the first tag already holds the same content from the same source and revision, nothing is
 * uploaded. Further tags get the same manifest bytes (no re-upload). Tags are immutable as for
 * images: a tag pointing to another digest is refused, before anything is written, unless moving is
 * allowed.
 */
public final class ArtifactPusher {
  private static final String TOPIC = "artifact";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

  /** The largest directory content pushed (the layer is built in memory). */
  public static final long MAX_CONTENT_BYTES = 256L * 1024 * 1024;

  private final RegistryClient registry;
  private final Clock clock;

  public ArtifactPusher(RegistryClient registry) {
    this(registry, Clock.systemUTC());
  }

  ArtifactPusher(RegistryClient registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * What to push.
   *
   * @param directory the directory whose files become the artifact
   * @param reference where: a repository and its first tag
   * @param extraTags more tags for the same artifact
   * @param source the {@code org.opencontainers.image.source} annotation, e.g. the Git URL
   * @param revision the {@code org.opencontainers.image.revision} annotation, {@code
   *     <branch>@sha1:<commit>} in Flux's form
   * @param created the {@code org.opencontainers.image.created} time, or null for now
   * @param allowMove whether a tag pointing to another digest may be moved
   * @param secrets which plaintext Secrets the directory may hold
   */
  public record Request(
      Path directory,
      ImageReference reference,
      List<String> extraTags,
      String source,
      String revision,
      Instant created,
      boolean allowMove,
      SecretPolicy secrets) {
    public Request {
      Objects.requireNonNull(directory, "directory");
      Objects.requireNonNull(reference, "reference");
      extraTags = List.copyOf(extraTags);
      secrets = secrets == null ? SecretPolicy.REFUSE_PLAIN : secrets;
    }
  }

  /**
   * Pushes.
   *
   * @throws InvalidInputException for a missing directory, a link in it, a plaintext Secret, a
   *     reference with a digest, a missing source or revision, or an invalid tag
   * @throws GitOpsException when a tag would move and that is not allowed, or the registry fails
   */
  public PushResult push(Request request, ProgressListener progress) throws GitOpsException {
    Path dir = request.directory();
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("artifact directory " + dir + " is not a directory");
    }
    ImageReference ref = request.reference();
    if (ref.digest() != null) {
      throw new InvalidInputException(
          "push to a tag, not a digest: " + ArtifactReference.format(ref));
    }
    require(request.source(), "--source (the Git repository URL)");
    require(request.revision(), "--revision (e.g. main@sha1:<commit>)");
    LinkedHashSet<String> tagNames = new LinkedHashSet<>();
    tagNames.add(ref.tag() != null ? ref.tag() : ImageReference.DEFAULT_TAG);
    tagNames.addAll(request.extraTags());
    List<ImageReference> targets = new ArrayList<>();
    for (String tag : tagNames) {
      targets.add(ref.withTag(tag));
    }
    checkSecrets(dir, request.secrets());

    byte[] layer = Tarball.build(dir, MAX_CONTENT_BYTES);
    String layerDigest = sha256(layer);
    progress.info(TOPIC, "packed " + dir + " (" + layer.length + " bytes, " + layerDigest + ")");

    Manifest manifest = reuse(targets.get(0), layerDigest, request).orElse(null);
    boolean uploaded = manifest == null;
    if (manifest == null) {
      String created =
          DateTimeFormatter.ISO_INSTANT.format(
              (request.created() != null ? request.created() : clock.instant())
                  .truncatedTo(ChronoUnit.SECONDS));
      manifest = manifest(layer.length, layerDigest, request, created);
    } else {
      progress.info(
          TOPIC, targets.get(0) + " already holds this content (" + manifest.digest() + ")");
    }

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
      } else if (request.allowMove()) {
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
              + ArtifactReference.format(ref.repositoryOnly())
              + " to "
              + manifest.digest()
              + ": tags are immutable; allow moving tags to overwrite them. Nothing was pushed");
    }
    if (uploaded) {
      registry.pushBlob(ref.repositoryOnly(), EMPTY_CONFIG);
      registry.pushBlob(ref.repositoryOnly(), layer);
    }
    for (ImageReference target : targets) {
      if (unchanged.contains(target)) {
        continue;
      }
      registry.putManifest(target, manifest);
      progress.info(
          TOPIC,
          (moved.contains(target) ? "moved " : "tagged ")
              + ArtifactReference.format(target)
              + " -> "
              + manifest.digest());
    }
    return new PushResult(
        ArtifactReference.format(ref.repositoryOnly().withDigest(manifest.digest())),
        manifest.digest(),
        layerDigest,
        targets.stream().map(ImageReference::tag).toList(),
        unchanged.stream().map(ImageReference::tag).toList(),
        moved.stream().map(ImageReference::tag).toList(),
        uploaded);
  }

  /**
   * The manifest the first tag holds when it is this content from the same source and revision:
   * pushing it again would only change the created time.
   */
  private Optional<Manifest> reuse(ImageReference first, String layerDigest, Request request)
      throws GitOpsException {
    Optional<ManifestDescriptor> existing = registry.find(first);
    if (existing.isEmpty() || !MediaTypes.OCI_MANIFEST.equals(existing.get().mediaType())) {
      return Optional.empty();
    }
    Manifest manifest =
        registry.fetchManifest(first.repositoryOnly().withDigest(existing.get().digest()));
    JsonNode json;
    try {
      json = JSON.readTree(manifest.content());
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode layers = json.path("layers");
    JsonNode annotations = json.path("annotations");
    boolean same =
        FluxArtifact.CONFIG_MEDIA_TYPE.equals(json.path("config").path("mediaType").asText())
            && layers.size() == 1
            && layerDigest.equals(layers.get(0).path("digest").asText())
            && FluxArtifact.CONTENT_MEDIA_TYPE.equals(layers.get(0).path("mediaType").asText())
            && request.source().equals(annotations.path(FluxArtifact.SOURCE_ANNOTATION).asText())
            && request
                .revision()
                .equals(annotations.path(FluxArtifact.REVISION_ANNOTATION).asText());
    return same && request.created() == null ? Optional.of(manifest) : Optional.empty();
  }

  private static Manifest manifest(
      long layerSize, String layerDigest, Request request, String created) throws GitOpsException {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("mediaType", FluxArtifact.CONFIG_MEDIA_TYPE);
    config.put("digest", sha256(EMPTY_CONFIG));
    config.put("size", EMPTY_CONFIG.length);
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("mediaType", FluxArtifact.CONTENT_MEDIA_TYPE);
    layer.put("digest", layerDigest);
    layer.put("size", layerSize);
    Map<String, Object> annotations = new LinkedHashMap<>();
    annotations.put(FluxArtifact.CREATED_ANNOTATION, created);
    annotations.put(FluxArtifact.REVISION_ANNOTATION, request.revision());
    annotations.put(FluxArtifact.SOURCE_ANNOTATION, request.source());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.put("config", config);
    manifest.put("layers", List.of(layer));
    manifest.put("annotations", annotations);
    try {
      byte[] bytes = JSON.writeValueAsBytes(manifest);
      return new Manifest(bytes, MediaTypes.OCI_MANIFEST, sha256(bytes));
    } catch (JsonProcessingException e) {
      throw new GitOpsException("could not write the artifact's manifest: " + e.getMessage());
    }
  }

  /** Refuses a directory with a plaintext Secret in any of its YAML files. */
  private static void checkSecrets(Path dir, SecretPolicy policy) throws GitOpsException {
    if (policy.allowPlain()) {
      return;
    }
    List<SecretGuard.Finding> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
          String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
          found.addAll(SecretGuard.findings(text, dir.relativize(file).toString(), policy));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new GitOpsException("could not read " + dir + ": " + e.getMessage());
    }
    if (!found.isEmpty()) {
      throw SecretGuard.refusal(found);
    }
  }

  private static void require(String value, String what) throws InvalidInputException {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException("an artifact needs " + what);
    }
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
