package io.gitopspipeline.cli.scm;

import picocli.CommandLine.Command;

/** {@code gitops pr}: pull requests against the GitOps repository. */
@Command(
    name = "pr",
    description =
        "Open, inspect and wait for pull requests on GitHub, GitLab, Azure Repos, Bitbucket and Gitea.",
    synopsisSubcommandLabel = "<command>",
    subcommands = {
      PrOpenCommand.class,
      PrWaitCommand.class,
      PrStatusCommand.class,
      PrCommentCommand.class
    },
    footer = {
      "",
      "The token comes from --token-file FILE or the "
          + ScmOptions.TOKEN_ENV
          + " environment variable, never"
          + " from the command line."
    })
public final class PrCommand {}
