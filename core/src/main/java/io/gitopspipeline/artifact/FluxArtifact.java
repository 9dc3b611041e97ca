package io.gitopspipeline.artifact;

/**
 * The media types and annotations of a Flux OCI artifact, as fluxcd/pkg {@code oci} defines them
 * and Flux's source-controller reads them (RFC-0003).
 */
public final class FluxArtifact {
  /** The config blob's media type. */
  public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.flux.config.v1+json";

  /** The content layer's media type: a gzip-compressed tar of the directory. */
  public static final String CONTENT_MEDIA_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";

  /** Where the content came from, e.g. the Git repository's URL. */
  public static final String SOURCE_ANNOTATION = "org.opencontainers.image.source";

  /** The source's revision, {@code <branch>@sha1:<commit>} in Flux's form. */
  public static final String REVISION_ANNOTATION = "org.opencontainers.image.revision";

  /** When the artifact was built, RFC 3339. */
  public static final String CREATED_ANNOTATION = "org.opencontainers.image.created";

  private FluxArtifact() {}
}
