/**
 * The promotion lifecycle, read from the {@code GitOps-*} trailers every promotion commit carries:
 * {@link io.gitopspipeline.lifecycle.PromotionHistory} lists promotions and what runs where, {@link
 * io.gitopspipeline.lifecycle.Rollback} plans a rollback that the promotion machinery then pushes,
 * and {@link io.gitopspipeline.lifecycle.SupersedeCheck} tells a waiting build that a newer build
 * promoted the same app and environment. Everything here reads the repository with path-limited
 * first-parent walks and never checks out a working tree.
 */
package io.gitopspipeline.lifecycle;
