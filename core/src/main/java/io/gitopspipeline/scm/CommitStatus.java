package io.gitopspipeline.scm;

import io.gitopspipeline.api.Urls;
import java.util.Objects;

/**
 * A commit status (GitHub), build status (Bitbucket) or pipeline status (GitLab) on one commit.
 *
 * @param state pending, success, failure or error
 * @param context what the status is about, e.g. {@code gitops/promote/staging}; the same context
 *     replaces an earlier status
 * @param description one line for people, may be empty
 * @param targetUrl a link to details (a build), may be null; URLs here and in the description lose
 *     their user-info, since everyone who sees the commit sees them
 */
public record CommitStatus(
    CommitState state, String context, String description, String targetUrl) {
  public CommitStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(context, "context");
    description = description == null ? "" : Urls.withoutUserInfo(description);
    targetUrl = Urls.withoutUserInfo(targetUrl);
  }
}
