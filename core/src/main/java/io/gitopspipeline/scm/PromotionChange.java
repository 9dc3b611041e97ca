package io.gitopspipeline.scm;

import io.gitopspipeline.api.Urls;
import java.util.List;
import java.util.Objects;

/**
 * What a promotion produced, as the pull request presents it.
 *
 * @param headBranch the branch promote pushed
 * @param baseBranch the branch to merge into
 * @param app the application
 * @param environment the environment promoted to
 * @param image the image reference, ideally with its digest ({@code repo:tag@sha256:...})
 * @param sourceCommit the application's commit the image was built from, or null
 * @param sourceCommitUrl a link to that commit, or null
 * @param buildUrl a link to the build, or null; both links lose their user-info
 * @param files the files added, changed and removed in the GitOps repository
 * @param diff the unified diff of the rendered change, or null
 */
public record PromotionChange(
    String headBranch,
    String baseBranch,
    String app,
    String environment,
    String image,
    String sourceCommit,
    String sourceCommitUrl,
    String buildUrl,
    List<FileChange> files,
    String diff) {
  public PromotionChange {
    Objects.requireNonNull(headBranch, "headBranch");
    Objects.requireNonNull(baseBranch, "baseBranch");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    files = files == null ? List.of() : List.copyOf(files);
    sourceCommitUrl = Urls.withoutUserInfo(sourceCommitUrl);
    buildUrl = Urls.withoutUserInfo(buildUrl);
  }
}
