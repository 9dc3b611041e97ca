package io.gitopspipeline.scm;

/**
 * The pull request promote opened or updated; promote's JSON carries it as {@code "pr"}.
 *
 * @param number its number
 * @param url its page
 * @param state {@code open}, {@code merged} or {@code closed}
 */
public record PullRequestResult(long number, String url, String state) {
  public static PullRequestResult of(PullRequest pullRequest) {
    return new PullRequestResult(
        pullRequest.number(), pullRequest.url(), pullRequest.state().jsonName());
  }
}
