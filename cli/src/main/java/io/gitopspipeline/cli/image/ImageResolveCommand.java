package io.gitopspipeline.cli.image;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.ManifestDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code gitops image resolve REF}: the digest a tag points to. */
@Command(
    name = "resolve",
    description = "Ask the registry which digest and media type a reference points to.")
final class ImageResolveCommand extends GitopsSubcommand {
  @Parameters(paramLabel = "REF", description = "e.g. ghcr.io/org/app:1.4.0 (no tag: latest)")
  String reference;

  @Mixin RegistryOptions registry;

  @Override
  protected int execute() throws GitOpsException {
    ImageReference parsed = ImageReference.parse(reference);
    HttpRegistryClient client =
        new HttpRegistryClient(registry.toClientOptions(System.in), console().progress());
    ManifestDescriptor descriptor = client.resolve(parsed);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("reference", parsed.toString());
    json.put("digest", descriptor.digest());
    json.put("mediaType", descriptor.mediaType());
    console().result(json, descriptor.digest());
    return 0;
  }
}
