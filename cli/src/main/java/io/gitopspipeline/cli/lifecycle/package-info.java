/** The promotion lifecycle commands: {@code history}, {@code status} and {@code rollback}. */
package io.gitopspipeline.cli.lifecycle;
