package io.gitopspipeline.cli.yaml;

import picocli.CommandLine.Option;

/** Options every {@code gitops yaml} command takes. */
final class EditOptions {
  @Option(
      names = "--dry-run",
      description = "Print a unified diff of the edit instead of writing the file.")
  boolean dryRun;
}
