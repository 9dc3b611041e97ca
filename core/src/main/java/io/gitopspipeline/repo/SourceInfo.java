package io.gitopspipeline.repo;

/**
 * Where a promotion came from; each present value becomes a commit trailer ({@code GitOps-Image},
 * {@code GitOps-Source-Repository}, {@code GitOps-Source-Commit}, {@code GitOps-Build-URL}) so that
 * every change in the GitOps repository leads back to its build. Any value may be {@code null}.
 */
public record SourceInfo(
    String image, String sourceRepository, String sourceCommit, String buildUrl) {
  public static final SourceInfo NONE = new SourceInfo(null, null, null, null);
}
