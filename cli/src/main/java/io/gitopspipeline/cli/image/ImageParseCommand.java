package io.gitopspipeline.cli.image;

import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.InvalidImageReferenceException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gitops image parse REF}. */
@Command(
    name = "parse",
    description = "Parse and normalise an image reference (docker.io and library/ made explicit).")
final class ImageParseCommand extends GitopsSubcommand {
  @Parameters(paramLabel = "REF", description = "e.g. nginx:1.27 or ghcr.io/org/app@sha256:...")
  String reference;

  @Override
  protected int execute() throws InvalidImageReferenceException {
    ImageReference parsed = ImageReference.parse(reference);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("registry", parsed.registry());
    json.put("repository", parsed.repository());
    json.put("tag", parsed.tag());
    json.put("digest", parsed.digest());
    json.put("reference", parsed.toString());
    json.put("familiar", parsed.familiar());
    StringBuilder text = new StringBuilder();
    json.forEach(
        (key, value) ->
            text.append(key).append(": ").append(value == null ? "" : value).append('\n'));
    console().result(json, text.toString());
    return 0;
  }
}
