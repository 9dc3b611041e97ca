package io.gitopspipeline.scm;

/**
 * How a wait for a merge ended.
 *
 * @param number the pull request
 * @param url its page
 * @param state {@code merged}
 * @param mergeCommit the merge commit on the base branch: the revision the reconciler will report
 */
public record MergeOutcome(long number, String url, String state, String mergeCommit) {}
