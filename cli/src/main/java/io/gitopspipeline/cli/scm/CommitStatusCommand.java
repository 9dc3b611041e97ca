package io.gitopspipeline.cli.scm;

import picocli.CommandLine.Command;

/** {@code gitops commit-status}: statuses on commits of the GitOps or the source repository. */
@Command(
    name = "commit-status",
    description = "Set commit statuses so both sides of a promotion show its progress.",
    synopsisSubcommandLabel = "<command>",
    subcommands = {CommitStatusSetCommand.class})
public final class CommitStatusCommand {}
