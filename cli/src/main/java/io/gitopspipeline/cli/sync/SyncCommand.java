package io.gitopspipeline.cli.sync;

import picocli.CommandLine.Command;

/** {@code gitops sync}: wait for Flux or Argo CD to apply a GitOps revision. */
@Command(
    name = "sync",
    description = "Wait for the reconciler (Flux, Argo CD) to apply a GitOps revision.",
    synopsisSubcommandLabel = "<command>",
    subcommands = {SyncWaitCommand.class, SyncServeCommand.class})
public final class SyncCommand {}
