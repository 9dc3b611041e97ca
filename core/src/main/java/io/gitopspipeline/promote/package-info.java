/**
 * A promotion with its pull request in one call: {@link
 * io.gitopspipeline.promote.PullRequestPromoter} pushes the promotion branch ({@code repo}) and
 * opens or updates the pull request for it ({@code scm}). Used by {@code gitops promote --pr} and
 * the plugin's pull request step.
 */
package io.gitopspipeline.promote;
