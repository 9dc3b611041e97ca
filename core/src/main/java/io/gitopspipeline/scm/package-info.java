/**
 * Pull requests and commit statuses on SCM providers.
 *
 * <p>{@link io.gitopspipeline.scm.ScmProvider} is the one small interface every provider
 * implements, one sub-package each ({@code scm.github}, {@code scm.gitlab}, {@code scm.azure},
 * {@code scm.bitbucket}, {@code scm.bitbucketcloud}, {@code scm.gitea}); {@link
 * io.gitopspipeline.scm.ScmProviders} picks one. What is the same everywhere (create-or-update,
 * safe auto-merge, waiting for the merge with backoff, the pull request body) lives once in {@link
 * io.gitopspipeline.scm.PullRequestService} and {@link io.gitopspipeline.scm.PullRequestBody}.
 */
package io.gitopspipeline.scm;
