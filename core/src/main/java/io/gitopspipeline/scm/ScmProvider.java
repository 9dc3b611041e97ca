package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;
import java.util.List;
import java.util.Optional;

/**
 * One SCM provider's pull requests, commit statuses and comments on one repository. Each
 * implementation maps these calls to its provider's API and nothing more; the flows built on them
 * (create-or-update, safe auto-merge, waiting) live in {@link PullRequestService}.
 *
 * <p>Failures are {@link GitOpsException}s whose messages name the provider and the repository; a
 * 401/403 also names the token scope usually needed, a missing repository or branch is a {@link
 * ScmNotFoundException}.
 */
public interface ScmProvider {
  ProviderType type();

  RepositoryId repository();

  /** The longest description the provider accepts, in characters. */
  int maxBodyLength();

  /**
   * The open pull request from {@code head} into {@code base}, if there is one.
   *
   * @throws GitOpsException when the provider's list ends early (more than {@link
   *     PageWalk#MAX_PAGES} pages, or a next page that points back): "none" would open a duplicate
   */
  Optional<PullRequest> findOpen(String headBranch, String baseBranch) throws GitOpsException;

  /** Opens a pull request with the spec's title, body, labels, reviewers and draft flag. */
  PullRequest create(PullRequestSpec spec) throws GitOpsException;

  /**
   * Brings an open pull request up to date with the spec: title and body replaced, labels and
   * reviewers added to those already there.
   */
  PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException;

  /** The pull request as it is now. */
  PullRequest get(long number) throws GitOpsException;

  /**
   * Turns on the provider's own auto-merge, which merges once every required check and approval is
   * there.
   *
   * @return false when the provider (or this repository's settings) has none; the caller then
   *     merges itself, only when {@link PullRequest#mergeable()} and {@link #checks} allow it
   */
  boolean enableAutoMerge(PullRequest pullRequest) throws GitOpsException;

  /**
   * The combined state of the checks on the pull request's head commit; at least pending when the
   * provider's list of them ends early (see {@link PageWalk}), so unread failures never pass.
   */
  ChecksState checks(PullRequest pullRequest) throws GitOpsException;

  /**
   * Merges now, and only the head commit that was checked ({@link PullRequest#headSha()}) where the
   * API allows saying so. Callers check mergeability and checks first.
   */
  void merge(PullRequest pullRequest) throws GitOpsException;

  /** Sets a status on a commit of this repository. */
  void setCommitStatus(String sha, CommitStatus status) throws GitOpsException;

  /**
   * The statuses set on a commit of this repository, newest first where the provider dates them:
   * every page the provider offers, up to {@link ReportedCommitStatus#MAX_PAGES} pages (beyond
   * that, or at a next page that points back, a warning through {@link ScmContext#progress()} and
   * the pages read so far).
   */
  List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException;

  /** Adds a comment to the pull request. */
  void comment(long number, String body) throws GitOpsException;

  /**
   * Whether the branch exists, to tell a missing branch from a missing repository.
   *
   * @throws ScmNotFoundException when the repository itself is missing or invisible to the token
   */
  boolean branchExists(String branch) throws GitOpsException;
}
