package io.gitopspipeline.yaml;

/**
 * Where a Helm values file keeps an image's parts, as paths (null when the chart has no such key),
 * e.g. {@code image.repository}, {@code image.tag}, {@code image.digest}.
 */
public record ImageValuePaths(String repository, String tag, String digest) {
  /** The common chart layout: {@code image.repository}, {@code image.tag}, {@code image.digest}. */
  public static final ImageValuePaths CONVENTIONAL =
      new ImageValuePaths("image.repository", "image.tag", "image.digest");
}
