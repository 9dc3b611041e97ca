package io.gitopspipeline.cli.artifact;

import picocli.CommandLine.Command;

/** {@code gitops artifact}: Flux OCI artifacts of rendered manifests. */
@Command(
    name = "artifact",
    description =
        "Push a directory of manifests as a Flux OCI artifact (as flux push artifact does), or"
            + " pull and verify one.",
    synopsisSubcommandLabel = "<command>",
    subcommands = {ArtifactPushCommand.class, ArtifactPullCommand.class},
    footer = {
      "",
      "References: oci://REGISTRY/REPOSITORY:TAG. Registry commands use TLS; --insecure-registry",
      "HOST[:PORT] allows plain HTTP for one registry. Credentials: --username U --password-stdin,",
      "or --docker-config FILE (default: the Docker config.json if there is one), else anonymous.",
      "See docs/oci.md for the Flux OCIRepository and Kustomization that consume an artifact."
    })
public final class ArtifactCommand {}
