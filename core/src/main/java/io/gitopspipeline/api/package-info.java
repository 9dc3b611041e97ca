/**
 * What every capability of the engine shares: the failure hierarchy (each failure carries the kind
 * a host turns into an exit code or a build result), the progress listener through which core
 * reports instead of printing, and {@link io.gitopspipeline.api.Secret} for values that must never
 * reach a log.
 */
package io.gitopspipeline.api;
