package io.gitopspipeline.cli.artifact;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.artifact.ArtifactPuller;
import io.gitopspipeline.artifact.ArtifactReference;
import io.gitopspipeline.artifact.PullResult;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.image.RegistryOptions;
import io.gitopspipeline.image.HttpRegistryClient;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops artifact pull REF --out DIR}: a Flux OCI artifact's files, verified. */
@Command(
    name = "pull",
    description =
        "Pull a Flux OCI artifact into a new or empty directory. Every digest is checked before"
            + " anything is written; links, device files, paths leaving DIR and oversized layers"
            + " are refused, and a refused artifact leaves nothing behind.",
    sortOptions = false)
final class ArtifactPullCommand extends GitopsSubcommand {
  @Parameters(
      paramLabel = "REF",
      description = "oci://REGISTRY/REPO:TAG or oci://REGISTRY/REPO@sha256:DIGEST.")
  String ref;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write the files.")
  Path out;

  @Option(
      names = "--max-size",
      paramLabel = "BYTES",
      defaultValue = "268435456",
      description = "Largest layer accepted, compressed or unpacked (default: 256 MiB).")
  int maxSize;

  @Mixin RegistryOptions registry;

  @Override
  protected int execute() throws GitOpsException {
    HttpRegistryClient client =
        new HttpRegistryClient(registry.toClientOptions(System.in), console().progress());
    PullResult result =
        new ArtifactPuller(client, maxSize)
            .pull(ArtifactReference.parse(ref), out, console().progress());
    String text =
        "pulled "
            + result.ref()
            + " ("
            + result.files().size()
            + " files) into "
            + result.out()
            + (result.revision() == null ? "" : "\n  revision " + result.revision())
            + "\n";
    console().result(result, text);
    return 0;
  }
}
