package io.gitopspipeline.repo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * The outcome of a promotion; its JSON form is the {@code gitops promote} result.
 *
 * @param changed whether a commit was pushed; {@code false} means already up to date
 * @param commit the full SHA-1 of the commit holding the desired state: the revision a reconciler
 *     reports once it applied it (the branch's existing tip when nothing changed)
 * @param branch the branch holding {@code commit}: the environment branch, or in {@link
 *     PushMode#BRANCH} mode the promotion branch {@code gitops/<env>/<app>} (the environment branch
 *     when it already holds the rendered state, so there is nothing to propose)
 * @param files the files the commit changes relative to the environment branch
 * @param diff the unified diff of those changes (cut at a size), empty when there are none; for
 *     pull request bodies, not part of the command's JSON result
 * @param secretValuesOnly nothing was promoted because the only differences from what the
 *     repository holds were Secret values (a chart's random password rendered anew, or SOPS
 *     re-encrypting the same keys); see {@link Promotion#promoteSecretOnlyChanges()}
 */
public record PromotionResult(
    boolean changed,
    String commit,
    String branch,
    FileChanges files,
    @JsonIgnore String diff,
    boolean secretValuesOnly) {
  public PromotionResult {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(diff, "diff");
  }

  /** A result that is not a skipped Secret-values-only change. */
  public PromotionResult(
      boolean changed, String commit, String branch, FileChanges files, String diff) {
    this(changed, commit, branch, files, diff, false);
  }

  /** A result without a diff. */
  public PromotionResult(boolean changed, String commit, String branch, FileChanges files) {
    this(changed, commit, branch, files, "");
  }
}
