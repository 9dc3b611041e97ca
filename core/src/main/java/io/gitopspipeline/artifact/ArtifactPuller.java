package io.gitopspipeline.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.Manifest;
import io.gitopspipeline.image.MediaTypes;
import io.gitopspipeline.image.RegistryClient;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Pulls a Flux OCI artifact into a directory. Nothing is written before every digest checked out:
 * the manifest's (against the reference's digest, or the registry's word), then the layer's, whose
 * declared size is bounded before it is downloaded. The tarball may hold only regular files and
 * directories inside the output; it is unpacked beside the output and moved into place whole, so a
 * refused artifact leaves nothing behind.
 */
public final class ArtifactPuller {
  private static final String TOPIC = "artifact";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The default bound of the layer, compressed and unpacked. */
  public static final int DEFAULT_MAX_LAYER_BYTES = 256 * 1024 * 1024;

  private final RegistryClient registry;
  private final int maxLayerBytes;

  public ArtifactPuller(RegistryClient registry) {
    this(registry, DEFAULT_MAX_LAYER_BYTES);
  }

  /** A puller refusing layers over {@code maxLayerBytes}, compressed or unpacked. */
  public ArtifactPuller(RegistryClient registry, int maxLayerBytes) {
    this.registry = registry;
    this.maxLayerBytes = maxLayerBytes;
  }

  /**
   * Pulls {@code reference} into {@code out}, which must not exist or be empty.
   *
   * @throws InvalidInputException when {@code out} holds files
   * @throws GitOpsException when the artifact is missing, not a Flux artifact, fails a digest
   *     check, is oversized or holds links, devices or paths leaving the output
   */
  public PullResult pull(ImageReference reference, Path out, ProgressListener progress)
      throws GitOpsException {
    checkOutput(out);
    Manifest manifest = registry.fetchManifest(reference);
    if (!MediaTypes.OCI_MANIFEST.equals(manifest.mediaType())) {
      throw new GitOpsException(
          ArtifactReference.format(reference)
              + " is a "
              + manifest.mediaType()
              + ", not an OCI artifact manifest");
    }
    JsonNode json;
    try {
      json = JSON.readTree(manifest.content());
    } catch (IOException e) {
      throw new GitOpsException(
          "the manifest of " + ArtifactReference.format(reference) + " is not valid JSON");
    }
    JsonNode layer = contentLayer(json, reference);
    String layerDigest = layer.path("digest").asText();
    long declared = layer.path("size").asLong(-1);
    if (declared < 0 || declared > maxLayerBytes) {
      throw new GitOpsException(
          "refusing the layer of "
              + ArtifactReference.format(reference)
              + ": it declares "
              + declared
              + " bytes, the limit is "
              + maxLayerBytes);
    }
    ImageReference repository = reference.repositoryOnly();
    byte[] gz = registry.fetchBlob(repository, layerDigest, maxLayerBytes);
    if (gz.length != declared) {
      throw new GitOpsException(
          "refusing the layer of "
              + ArtifactReference.format(reference)
              + ": the manifest says "
              + declared
              + " bytes, the registry sent "
              + gz.length);
    }
    List<Tarball.Entry> entries =
        Tarball.read(gz, new Tarball.Limits(maxLayerBytes, Tarball.MAX_ENTRIES));
    progress.info(
        TOPIC,
        "verified "
            + ArtifactReference.format(reference)
            + " ("
            + manifest.digest()
            + ", layer "
            + layerDigest
            + ", "
            + entries.size()
            + " entries)");
    write(entries, out);
    JsonNode annotations = json.path("annotations");
    return new PullResult(
        ArtifactReference.format(repository.withDigest(manifest.digest())),
        manifest.digest(),
        layerDigest,
        text(annotations, FluxArtifact.SOURCE_ANNOTATION),
        text(annotations, FluxArtifact.REVISION_ANNOTATION),
        text(annotations, FluxArtifact.CREATED_ANNOTATION),
        out.toString(),
        entries.stream().filter(e -> !e.directory()).map(Tarball.Entry::path).sorted().toList());
  }

  private static JsonNode contentLayer(JsonNode json, ImageReference reference)
      throws GitOpsException {
    JsonNode layers = json.path("layers");
    for (JsonNode layer : layers) {
      String type = layer.path("mediaType").asText();
      if (FluxArtifact.CONTENT_MEDIA_TYPE.equals(type) || MediaTypes.OCI_LAYER_GZIP.equals(type)) {
        return layer;
      }
    }
    throw new GitOpsException(
        ArtifactReference.format(reference)
            + " has no "
            + FluxArtifact.CONTENT_MEDIA_TYPE
            + " layer; it is not a Flux artifact");
  }

  private static void checkOutput(Path out) throws GitOpsException {
    if (Files.isSymbolicLink(out)) {
      throw new InvalidInputException("output " + out + " is a symbolic link; give the real path");
    }
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidInputException("output " + out + " exists and is not a directory");
      }
      try (DirectoryStream<Path> children = Files.newDirectoryStream(out)) {
        if (children.iterator().hasNext()) {
          throw new InvalidInputException(
              "output directory " + out + " is not empty; pull into a new or empty directory");
        }
      } catch (IOException e) {
        throw new GitOpsException("could not read " + out + ": " + e.getMessage());
      }
    }
  }

  /** Unpacks beside {@code out}, then moves the whole tree into place. */
  private static void write(List<Tarball.Entry> entries, Path out) throws GitOpsException {
    Path absolute = out.toAbsolutePath().normalize();
    Path staging;
    try {
      Files.createDirectories(absolute.getParent());
      staging = Files.createTempDirectory(absolute.getParent(), ".gitops-artifact-");
    } catch (IOException e) {
      throw new GitOpsException("could not create " + absolute.getParent() + ": " + e.getMessage());
    }
    try {
      Tarball.write(entries, staging);
      Files.deleteIfExists(absolute); // empty, checked above
      Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteTree(staging);
      throw new GitOpsException("could not write " + out + ": " + e.getMessage());
    } catch (GitOpsException e) {
      deleteTree(staging);
      throw e;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a leftover staging file is reported by nothing
                }
              });
    } catch (IOException e) {
      // as above
    }
  }
}
