/** Benchmarks of the merge wait: webhook events against polling. */
package io.gitopspipeline.bench.scm;
