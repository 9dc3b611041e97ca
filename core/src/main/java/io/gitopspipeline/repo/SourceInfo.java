package io.gitopspipeline.repo;

import io.gitopspipeline.api.Urls;

/**
 * Where a promotion came from; each present value becomes a commit trailer ({@code GitOps-Image},
 * {@code GitOps-Source-Repository}, {@code GitOps-Source-Commit}, {@code GitOps-Build-URL}) so that
 * every change in the GitOps repository leads back to its build. Any value may be {@code null}.
 * URLs lose their user-info here ({@code https://user:token@host/} becomes {@code https://host/}):
 * a pipeline's repository URL often carries its credentials, and these values end up in commits and
 * pull requests that many people read.
 *
 * <p>{@code rollbackOf}, set only by a rollback, names the commit the rollback undoes ({@code
 * GitOps-Rollback-Of}).
 */
public record SourceInfo(
    String image,
    String sourceRepository,
    String sourceCommit,
    String buildUrl,
    String rollbackOf) {
  public static final SourceInfo NONE = new SourceInfo(null, null, null, null);

  /** The source of an ordinary promotion (not a rollback). */
  public SourceInfo(String image, String sourceRepository, String sourceCommit, String buildUrl) {
    this(image, sourceRepository, sourceCommit, buildUrl, null);
  }

  public SourceInfo {
    sourceRepository = Urls.withoutUserInfo(sourceRepository);
    buildUrl = Urls.withoutUserInfo(buildUrl);
  }
}
