package io.gitopspipeline.scm;

import java.util.Objects;

/**
 * A commit status (GitHub), build status (Bitbucket) or pipeline status (GitLab) on one commit.
 *
 * @param state pending, success, failure or error
 * @param context what the status is about, e.g. {@code gitops/promote/staging}; the same context
 *     replaces an earlier status
 * @param description one line for people, may be empty
 * @param targetUrl a link to details (a build), may be null
 */
public record CommitStatus(
    CommitState state, String context, String description, String targetUrl) {
  public CommitStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(context, "context");
    description = description == null ? "" : description;
  }
}
