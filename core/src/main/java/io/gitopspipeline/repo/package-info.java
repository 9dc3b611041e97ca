/**
 * Writing desired state into the GitOps repository: {@link io.gitopspipeline.repo.Promoter} fetches
 * the environment branch (depth 1, or into a per-remote cache), makes the app's directory equal the
 * rendered manifests without checking out a working tree, commits with {@code GitOps-*} trailers
 * and pushes without force, re-applying the change on the new tip when the branch moved. Requests
 * are {@link io.gitopspipeline.repo.Promotion} records, outcomes {@link
 * io.gitopspipeline.repo.PromotionResult}; credentials are {@link
 * io.gitopspipeline.repo.GitCredentials}.
 */
package io.gitopspipeline.repo;
