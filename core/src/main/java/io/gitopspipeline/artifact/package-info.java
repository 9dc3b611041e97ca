/**
 * Flux OCI artifacts: a directory of manifests pushed to a registry exactly as {@code flux push
 * artifact} does (Flux RFC-0003), with a reproducible layer so that unchanged manifests give the
 * same digest, and pulled back with every digest checked before anything is written. Entry points:
 * {@link io.gitopspipeline.artifact.ArtifactPusher}, {@link
 * io.gitopspipeline.artifact.ArtifactPuller} and {@link
 * io.gitopspipeline.artifact.ArtifactReference#parse}; they work over the image package's {@link
 * io.gitopspipeline.image.RegistryClient}.
 */
package io.gitopspipeline.artifact;
