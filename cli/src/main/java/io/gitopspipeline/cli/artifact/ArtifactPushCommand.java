package io.gitopspipeline.cli.artifact;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.artifact.ArtifactPusher;
import io.gitopspipeline.artifact.ArtifactReference;
import io.gitopspipeline.artifact.PushResult;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.image.RegistryOptions;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.render.SecretPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops artifact push DIR --ref oci://...}: a directory as a Flux OCI artifact. */
@Command(
    name = "push",
    description =
        "Push DIR as a Flux OCI artifact: a reproducible gzip-compressed tar (same files, same"
            + " digest) with Flux's media types and the source, revision and created annotations.",
    footer = {
      "",
      "When the first tag already holds the same files from the same source and revision, nothing"
          + " is uploaded. Tags are immutable: a tag that points to another digest is refused"
          + " unless --allow-move (use it for moving tags such as latest or an environment name).",
      "A plaintext Secret in DIR is refused as by gitops render."
    },
    sortOptions = false)
final class ArtifactPushCommand extends GitopsSubcommand {
  @Parameters(paramLabel = "DIR", description = "The directory of manifests to push.")
  Path directory;

  @Option(
      names = "--ref",
      required = true,
      paramLabel = "oci://REGISTRY/REPO:TAG",
      description = "Where to push, with the first tag (default tag: latest).")
  String ref;

  @Option(names = "--tag", paramLabel = "T", description = "Another tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--source",
      required = true,
      paramLabel = "URL",
      description = "The org.opencontainers.image.source annotation: the Git repository URL.")
  String source;

  @Option(
      names = "--revision",
      required = true,
      paramLabel = "REV",
      description =
          "The org.opencontainers.image.revision annotation, in Flux's form BRANCH@sha1:COMMIT.")
  String revision;

  @Option(names = "--allow-move", description = "Move tags that point to another digest.")
  boolean allowMove;

  @Option(
      names = "--allow-secret",
      paramLabel = "NS/NAME",
      description = "Push this plaintext Secret anyway (repeatable).")
  List<String> allowSecrets = new ArrayList<>();

  @Option(names = "--allow-plain-secrets", description = "Push every plaintext Secret anyway.")
  boolean allowPlainSecrets;

  @Mixin RegistryOptions registry;

  @Override
  protected int execute() throws GitOpsException {
    ImageReference reference = ArtifactReference.parse(ref);
    for (String tag : tags) {
      ImageReference.validateTag(tag);
    }
    HttpRegistryClient client =
        new HttpRegistryClient(registry.toClientOptions(System.in), console().progress());
    PushResult result =
        new ArtifactPusher(client)
            .push(
                new ArtifactPusher.Request(
                    directory,
                    reference,
                    tags,
                    source,
                    revision,
                    null,
                    allowMove,
                    SecretPolicy.of(allowPlainSecrets, allowSecrets)),
                console().progress());
    StringBuilder text = new StringBuilder();
    text.append(result.uploaded() ? "pushed " : "unchanged ").append(result.ref()).append('\n');
    for (String tag : result.tags()) {
      text.append("  ")
          .append(ArtifactReference.format(reference.withTag(tag)))
          .append(" -> ")
          .append(result.digest())
          .append('\n');
    }
    console().result(result, text.toString());
    return 0;
  }
}
