package io.gitopspipeline.cli.image;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.image.BuildInfo;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.TagPolicy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitops image tags}: the tag set of a build, computed offline. */
@Command(
    name = "tags",
    description = "Compute the tags of a build (no registry is contacted).",
    footer = {
      "",
      "Without --template: one tag per given part, in the order version, sha, shortSha, branch,",
      "build, timestamp. Templates use {version} {sha} {shortSha} {branch} {build} {timestamp}."
    })
final class ImageTagsCommand extends GitopsSubcommand {
  @Option(
      names = "--image",
      required = true,
      paramLabel = "REPO",
      description = "e.g. ghcr.io/org/app")
  String image;

  @Option(names = "--version", paramLabel = "V", description = "SemVer 2.0; '+' becomes '_'.")
  String version;

  @Option(names = "--commit", paramLabel = "SHA", description = "The git commit built.")
  String commit;

  @Option(names = "--branch", paramLabel = "B", description = "The branch built; sanitised.")
  String branch;

  @Option(names = "--build", paramLabel = "N", description = "The CI build number.")
  String build;

  @Option(
      names = "--timestamp",
      paramLabel = "T",
      description = "Build time, ISO-8601 (2025-01-02T03:04:05Z) or epoch seconds; shown in UTC.")
  String timestamp;

  @Option(names = "--template", paramLabel = "T", description = "A tag template; repeatable.")
  List<String> templates = new ArrayList<>();

  @Option(
      names = "--short-sha-length",
      paramLabel = "N",
      defaultValue = "7",
      description = "Length of {shortSha} (default: ${DEFAULT-VALUE}).")
  int shortShaLength;

  @Option(
      names = "--max-branch-length",
      paramLabel = "N",
      defaultValue = "40",
      description =
          "Longest {branch}; longer ones are cut and get a hash (default: ${DEFAULT-VALUE}).")
  int maxBranchLength;

  @Override
  protected int execute() throws InvalidInputException {
    ImageReference repository = ImageReference.parse(image);
    if (repository.tag() != null || repository.digest() != null) {
      throw new InvalidInputException(
          "--image '"
              + image
              + "' has a tag or digest; give the repository only, e.g. "
              + repository.repositoryOnly().familiar());
    }
    if (shortShaLength < 4 || shortShaLength > 64) {
      throw new InvalidInputException("--short-sha-length must be 4 to 64, not " + shortShaLength);
    }
    if (maxBranchLength < 12 || maxBranchLength > 128) {
      throw new InvalidInputException(
          "--max-branch-length must be 12 to 128, not " + maxBranchLength);
    }
    TagPolicy policy = new TagPolicy(templates, shortShaLength, maxBranchLength);
    BuildInfo build =
        new BuildInfo(
            version,
            commit,
            branch,
            this.build,
            timestamp == null ? null : parseTimestamp(timestamp));
    List<String> tags = policy.tags(build);
    List<String> references = new ArrayList<>();
    for (ImageReference reference : policy.references(repository, build)) {
      references.add(reference.toString());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("image", repository.toString());
    json.put("tags", tags);
    json.put("references", references);
    console().result(json, String.join("\n", references));
    return 0;
  }

  private static Instant parseTimestamp(String text) throws InvalidInputException {
    String value = text.trim();
    if (!value.isEmpty() && value.length() <= 12 && value.chars().allMatch(Character::isDigit)) {
      return Instant.ofEpochSecond(Long.parseLong(value));
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "--timestamp '"
              + text
              + "' is not ISO-8601 with an offset (e.g. 2025-01-02T03:04:05Z) nor epoch seconds");
    }
  }
}
