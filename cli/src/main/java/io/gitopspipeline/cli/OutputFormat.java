package io.gitopspipeline.cli;

/** How a command prints its result on standard output. */
public enum OutputFormat {
  /** Lines for people. */
  TEXT,
  /** One JSON object, for scripts. */
  JSON
}
