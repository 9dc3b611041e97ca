package io.gitopspipeline.cli.image;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.ImageTagger;
import io.gitopspipeline.image.TagResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops image tag SOURCE_REF --tag T...}: add tags in the registry, digest unchanged. */
@Command(
    name = "tag",
    description =
        "Add tags to an image in its registry without pulling it; the digest stays the same.",
    footer = {
      "",
      "Tags are immutable: a tag that points to another digest is refused unless --allow-move."
    })
final class ImageTagCommand extends GitopsSubcommand {
  @Parameters(paramLabel = "SOURCE_REF", description = "The image to tag, by tag or digest.")
  String source;

  @Option(
      names = "--tag",
      required = true,
      paramLabel = "T",
      description = "A tag to add; repeatable.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--allow-move", description = "Move tags that point to another digest.")
  boolean allowMove;

  @Mixin RegistryOptions registry;

  @Override
  protected int execute() throws GitOpsException {
    ImageReference reference = ImageReference.parse(source);
    for (String tag : tags) {
      ImageReference.validateTag(tag);
    }
    HttpRegistryClient client =
        new HttpRegistryClient(registry.toClientOptions(System.in), console().progress());
    TagResult result =
        new ImageTagger(client).tag(reference, tags, allowMove, console().progress());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", result.source().toString());
    json.put("digest", result.digest());
    json.put("mediaType", result.mediaType());
    json.put("tagged", strings(result.tagged()));
    json.put("unchanged", strings(result.unchanged()));
    json.put("moved", strings(result.moved()));
    StringBuilder text = new StringBuilder();
    for (ImageReference tagged : result.tagged()) {
      text.append(tagged).append(" -> ").append(result.digest()).append('\n');
    }
    console().result(json, text.toString());
    return 0;
  }

  private static List<String> strings(List<ImageReference> references) {
    List<String> out = new ArrayList<>();
    references.forEach(r -> out.add(r.toString()));
    return out;
  }
}
