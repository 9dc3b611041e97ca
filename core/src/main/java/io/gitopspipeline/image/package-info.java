/**
 * Image references, the tag policy of a build, and registry operations over the OCI Distribution
 * API: resolve, retag without pulling, list tags. Entry points: {@link
 * io.gitopspipeline.image.ImageReference#parse}, {@link io.gitopspipeline.image.TagPolicy}, {@link
 * io.gitopspipeline.image.RegistryClient} (adapter {@link
 * io.gitopspipeline.image.HttpRegistryClient}) and {@link io.gitopspipeline.image.ImageTagger}.
 */
package io.gitopspipeline.image;
