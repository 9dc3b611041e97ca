package io.gitopspipeline.cli.image;

import picocli.CommandLine.Command;

/** {@code gitops image}: image references, build tags and registry tagging. */
@Command(
    name = "image",
    description =
        "Parse image references, compute a build's tags, add tags in a registry and resolve digests.",
    synopsisSubcommandLabel = "<command>",
    subcommands = {
      ImageParseCommand.class,
      ImageTagsCommand.class,
      ImageTagCommand.class,
      ImageResolveCommand.class
    },
    footer = {
      "",
      "Registry commands use TLS; --insecure-registry HOST[:PORT] allows plain HTTP for one registry.",
      "Credentials: --username U --password-stdin, or --docker-config FILE (default: the Docker",
      "config.json if there is one), else anonymous."
    })
public final class ImageCommand {}
