package io.gitopspipeline.scm;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Urls;
import java.util.List;
import java.util.Objects;

/**
 * What a pull request should look like: opened with it, or an existing one updated to it. URLs in
 * the title and body lose their user-info ({@link Urls#withoutUserInfo}).
 *
 * @param headBranch the branch with the change
 * @param baseBranch the branch to merge into
 * @param title the title
 * @param body the description, Markdown
 * @param labels labels to add (existing labels are kept)
 * @param reviewers user names to request reviews from (Azure: identity ids or e-mail addresses;
 *     Bitbucket Cloud: account UUIDs)
 * @param draft open as a draft, where the provider has drafts
 */
public record PullRequestSpec(
    String headBranch,
    String baseBranch,
    String title,
    String body,
    List<String> labels,
    List<String> reviewers,
    boolean draft) {
  public PullRequestSpec {
    Objects.requireNonNull(headBranch, "headBranch");
    Objects.requireNonNull(baseBranch, "baseBranch");
    Objects.requireNonNull(title, "title");
    // Everyone who can read the repository reads its pull requests: no URL credential goes there.
    title = Urls.withoutUserInfo(title);
    body = body == null ? "" : Urls.withoutUserInfo(body);
    labels = labels == null ? List.of() : List.copyOf(labels);
    reviewers = reviewers == null ? List.of() : List.copyOf(reviewers);
  }

  /** Rejects what no provider accepts, before any request is sent. */
  public void validate() throws InvalidInputException {
    if (headBranch.isBlank() || baseBranch.isBlank()) {
      throw new InvalidInputException("the pull request needs a head and a base branch");
    }
    if (headBranch.equals(baseBranch)) {
      throw new InvalidInputException(
          "the pull request's head and base are both '" + headBranch + "'; use a separate branch");
    }
    if (title.isBlank()) {
      throw new InvalidInputException("the pull request title is empty; give --pr-title");
    }
  }

  /** The same spec with another body (e.g. cut to a provider's size limit). */
  public PullRequestSpec withBody(String newBody) {
    return new PullRequestSpec(headBranch, baseBranch, title, newBody, labels, reviewers, draft);
  }
}
