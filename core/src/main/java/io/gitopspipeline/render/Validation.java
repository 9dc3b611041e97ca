package io.gitopspipeline.render;

/**
 * Which checks run on rendered manifests; each can be turned off on its own.
 *
 * @param structure every document has apiVersion, kind and metadata.name, and no two resources
 *     share (group, kind, namespace, name)
 * @param schema built-in kinds are checked against fabric8's Kubernetes model: unknown fields (a
 *     misspelt {@code contianers}) and wrong types are reported with their path
 * @param imagePolicy every container image has a tag or digest, and none uses {@code :latest}
 * @param requirePromotedImage every workload image from the promoted image's repository uses the
 *     promoted tag/digest (catches templates that still pin an old version)
 */
public record Validation(
    boolean structure, boolean schema, boolean imagePolicy, boolean requirePromotedImage) {
  /** All checks on; the promoted-image check applies only when an image is given. */
  public static final Validation DEFAULT = new Validation(true, true, true, true);

  public static final Validation NONE = new Validation(false, false, false, false);
}
