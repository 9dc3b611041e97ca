package io.gitopspipeline.image;

/**
 * What a registry says about a manifest: its content digest, media type and size.
 *
 * @param digest e.g. {@code sha256:…}; identical for every tag that points to the same bytes
 * @param mediaType e.g. {@code application/vnd.oci.image.index.v1+json}
 * @param size the manifest's length in bytes, or -1 when the registry did not say
 */
public record ManifestDescriptor(String digest, String mediaType, long size) {}
