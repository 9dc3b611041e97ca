package io.gitopspipeline.scm;

import java.util.List;
import java.util.Objects;

/**
 * A pull request (merge request on GitLab) as the provider last reported it.
 *
 * @param number the number users see (GitLab's iid, Azure's pull request id, Gitea's index)
 * @param url the page people open in a browser
 * @param state open, merged or closed without merging
 * @param headBranch the source branch, without {@code refs/heads/}
 * @param baseBranch the target branch, without {@code refs/heads/}
 * @param headSha the commit the pull request would merge, when known
 * @param mergeCommit the merge commit on the base branch once merged (the revision a reconciler
 *     reports), otherwise null
 * @param closedBy who merged or closed it, when the provider says, otherwise null
 * @param title the title
 * @param labels the labels currently set (empty where the provider has none)
 * @param mergeable true when the provider says it can merge now (no conflicts, its own merge checks
 *     pass), false when it says it cannot, null when it does not know (yet)
 * @param providerId an identifier some APIs need besides the number (GitHub's GraphQL node id, the
 *     Bitbucket Data Center version, the Azure creator id), or null
 */
public record PullRequest(
    long number,
    String url,
    PullRequestState state,
    String headBranch,
    String baseBranch,
    String headSha,
    String mergeCommit,
    String closedBy,
    String title,
    List<String> labels,
    Boolean mergeable,
    String providerId) {
  public PullRequest {
    Objects.requireNonNull(state, "state");
    labels = labels == null ? List.of() : List.copyOf(labels);
  }
}
