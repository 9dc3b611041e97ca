package io.gitopspipeline.scm;

import java.time.Instant;
import java.util.Objects;

/**
 * A status someone set on a commit, as the provider reports it: what a reconciler's notifications
 * (Flux's github, gitlab, gitea, azuredevops, bitbucket and bitbucketserver providers) leave on the
 * GitOps commit.
 *
 * @param context the status's name (GitHub/Gitea context, GitLab name, Azure context name,
 *     Bitbucket build status name, else its key)
 * @param state the provider's own word, lower case: e.g. {@code success}, {@code failure}, {@code
 *     failed}, {@code succeeded}, {@code successful}, {@code pending}, {@code running}, {@code
 *     inprogress}, {@code stopped}
 * @param description may be empty
 * @param targetUrl may be null
 * @param updatedAt when it was set, or null when the provider does not say
 */
public record ReportedCommitStatus(
    String context, String state, String description, String targetUrl, Instant updatedAt) {
  /**
   * The most pages of statuses {@link ScmProvider#commitStatuses} reads for one commit (of up to
   * 100 statuses each, Gitea: its own limit), so a server that always answers "there is more"
   * cannot keep a poll going forever. 1,000 statuses is what GitHub itself keeps per commit and
   * context, and far more than one reconciler writes (one per Kustomization or HelmRelease).
   */
  public static final int MAX_PAGES = 10;

  public ReportedCommitStatus {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(state, "state");
    description = description == null ? "" : description;
  }

  /** An ISO-8601 time as the providers write it, or null when absent or unreadable. */
  public static Instant parseTime(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** Reports that reading stopped at {@link #MAX_PAGES} with more pages left. */
  public static void warnTruncated(
      ScmContext context, ProviderType type, RepositoryId repository, String sha) {
    context
        .progress()
        .warn(
            "scm",
            type.displayName()
                + " has more than "
                + MAX_PAGES
                + " pages of commit statuses on "
                + sha
                + " in "
                + repository
                + "; reading only the first "
                + MAX_PAGES);
  }

  /** Sorted by time, newest first; statuses without a time keep their order after the others. */
  public static java.util.List<ReportedCommitStatus> newestFirst(
      java.util.List<ReportedCommitStatus> statuses) {
    return statuses.stream()
        .sorted(
            java.util.Comparator.comparing(
                ReportedCommitStatus::updatedAt,
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())))
        .toList();
  }
}
