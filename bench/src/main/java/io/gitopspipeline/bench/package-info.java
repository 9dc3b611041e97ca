/**
 * Benchmarks, one sub-package per capability. JMH benchmarks run from {@code
 * bench/target/benchmarks.jar}; side-by-side harnesses that time an external reference tool (yq,
 * envsubst, git, helm) in the same run have a {@code main} and are described in
 * docs/performance.md.
 */
package io.gitopspipeline.bench;
