package io.gitopspipeline.cli.yaml;

import picocli.CommandLine.Command;

/** {@code gitops yaml}: format-preserving edits of YAML files. */
@Command(
    name = "yaml",
    description =
        "Edit YAML in place, changing only the targeted values: comments, order, quoting and"
            + " blank lines stay as they were.",
    synopsisSubcommandLabel = "<command>",
    subcommands = {
      YamlSetCommand.class,
      YamlSetImageCommand.class,
      YamlKustomizeImageCommand.class
    },
    footer = {
      "",
      "Every edit is verified before it is written (atomically): the file re-parses",
      "to exactly the expected values and only the edited lines differ. --dry-run",
      "prints a unified diff instead."
    })
public final class YamlCommand {}
