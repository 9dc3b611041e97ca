/**
 * Waiting for the reconciler: Flux and Argo CD events normalised into {@link
 * io.gitopspipeline.sync.SyncEvent}, an authenticated framework-neutral webhook handler ({@link
 * io.gitopspipeline.sync.WebhookHandler}), a registry of waits ({@link
 * io.gitopspipeline.sync.WaitRegistry}) that decides when a GitOps revision is applied and healthy
 * on every target, and polling fallbacks for clusters that cannot reach the CI.
 *
 * <p>Sources live in sub-packages ({@code flux}, {@code argocd}, {@code connector}), each one
 * {@link io.gitopspipeline.sync.EventParser} picked by {@link io.gitopspipeline.sync.EventParsers}.
 */
package io.gitopspipeline.sync;
