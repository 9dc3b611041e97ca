package io.gitopspipeline.scm;

import java.util.List;

/**
 * How promote wants its pull request: {@code --pr-title}, {@code --label}, {@code --reviewer},
 * draft, {@code --auto-merge}.
 *
 * @param title the title, or null for {@link PullRequestBody#title}
 */
public record PullRequestOptions(
    String title, List<String> labels, List<String> reviewers, boolean draft, boolean autoMerge) {
  public PullRequestOptions {
    labels = labels == null ? List.of() : List.copyOf(labels);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
  }

  /** Defaults: generated title, no labels or reviewers, not a draft, no auto-merge. */
  public static PullRequestOptions defaults() {
    return new PullRequestOptions(null, List.of(), List.of(), false, false);
  }
}
