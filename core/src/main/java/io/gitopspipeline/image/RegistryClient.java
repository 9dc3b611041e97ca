package io.gitopspipeline.image;

import io.gitopspipeline.api.GitOpsException;
import java.util.List;
import java.util.Optional;

/**
 * The operations gitops-pipeline needs from an OCI Distribution registry. The adapter is {@link
 * HttpRegistryClient}. A reference without tag or digest means {@code latest}; with both, the
 * digest wins.
 */
public interface RegistryClient {
  /** The digest and media type {@code reference} points to; fails when it does not exist. */
  ManifestDescriptor resolve(ImageReference reference) throws GitOpsException;

  /** Like {@link #resolve}, but empty when the manifest or repository does not exist. */
  Optional<ManifestDescriptor> find(ImageReference reference) throws GitOpsException;

  /** Whether {@code reference} exists in its registry. */
  default boolean exists(ImageReference reference) throws GitOpsException {
    return find(reference).isPresent();
  }

  /** The manifest's exact bytes and media type, verified against its digest. */
  Manifest fetchManifest(ImageReference reference) throws GitOpsException;

  /**
   * Stores {@code manifest} under {@code target}'s tag (or digest) in {@code target}'s repository.
   */
  ManifestDescriptor putManifest(ImageReference target, Manifest manifest) throws GitOpsException;

  /** Every tag of {@code repository}'s repository, following {@code Link} pagination. */
  List<String> listTags(ImageReference repository) throws GitOpsException;

  /** Uploads a blob unless it is there already; returns its {@code sha256:} digest. */
  String pushBlob(ImageReference repository, byte[] content) throws GitOpsException;

  /**
   * The blob {@code digest} of {@code repository}'s repository, verified against the digest; a blob
   * larger than {@code maxBytes} is refused while it is read.
   */
  byte[] fetchBlob(ImageReference repository, String digest, int maxBytes) throws GitOpsException;
}
