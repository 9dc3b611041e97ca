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
   * The most pages of statuses {@link ScmProvider#commitStatuses} reads for one commit ({@link
   * PageWalk#MAX_PAGES}), so a server that always answers "there is more" cannot keep a poll going
   * forever.
   */
  public static final int MAX_PAGES = PageWalk.MAX_PAGES;

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

  /**
   * A status as a provider's JSON has it, once the provider has worked out its context and state:
   * the {@code description}, the target URL in {@code urlField}, and the time in {@code
   * updatedField}, else in {@code createdField}.
   */
  public static ReportedCommitStatus fromJson(
      com.fasterxml.jackson.databind.JsonNode status,
      String context,
      String state,
      String urlField,
      String updatedField,
      String createdField) {
    return new ReportedCommitStatus(
        context,
        state.toLowerCase(java.util.Locale.ROOT),
        status.path("description").asText(""),
        status.hasNonNull(urlField) ? status.path(urlField).asText() : null,
        parseTime(
            status.hasNonNull(updatedField)
                ? status.path(updatedField).asText()
                : status.path(createdField).asText(null)));
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
