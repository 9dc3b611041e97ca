package io.gitopspipeline.image;

import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns what is known about a build into its set of image tags: deterministic (the same build gives
 * the same tags in the same order), without duplicates, every tag valid.
 *
 * <p>Templates use the placeholders {@code {version}}, {@code {sha}}, {@code {shortSha}}, {@code
 * {branch}}, {@code {build}} and {@code {timestamp}}. Without templates the policy gives one tag
 * per known part, in that order ({@link #DEFAULT_TEMPLATES}); with templates it gives exactly
 * theirs.
 *
 * <ul>
 *   <li>{@code version}: SemVer 2.0, a leading {@code v} kept; build metadata is not legal in a
 *       tag, so {@code +} becomes {@code _} ({@code 1.2.3+build.7} → {@code 1.2.3_build.7}), as
 *       Helm does for OCI chart tags.
 *   <li>{@code sha}: the full commit in lowercase; {@code shortSha} its first {@link
 *       #shortShaLength()} characters.
 *   <li>{@code branch}: {@code refs/heads/} dropped, lowercased, every character other than {@code
 *       a-z 0-9 . _ -} replaced by {@code -}, runs of {@code -} collapsed, leading and trailing
 *       {@code .}/{@code -} trimmed. Longer than {@link #maxBranchLength()}, it is cut and given
 *       {@code -} and the first 8 hex digits of the SHA-256 of the original name, so two long
 *       branches that share a prefix never collide.
 *   <li>{@code build}: the build number, digits only.
 *   <li>{@code timestamp}: UTC, {@code yyyyMMdd'T'HHmmss'Z'}, e.g. {@code 20250102T030405Z}.
 * </ul>
 *
 * @param templates the tag templates; empty means {@link #DEFAULT_TEMPLATES} for the known parts
 * @param shortShaLength characters of the commit in {@code {shortSha}} (4 to 64; default 7)
 * @param maxBranchLength longest {@code {branch}} value (12 to 128; default 40)
 */
public record TagPolicy(List<String> templates, int shortShaLength, int maxBranchLength) {
  public static final List<String> DEFAULT_TEMPLATES =
      List.of("{version}", "{sha}", "{shortSha}", "{branch}", "{build}", "{timestamp}");
  public static final int DEFAULT_SHORT_SHA_LENGTH = 7;
  public static final int DEFAULT_MAX_BRANCH_LENGTH = 40;

  private static final int BRANCH_HASH_LENGTH = 8;
  private static final Pattern SEMVER =
      Pattern.compile(
          "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
              + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
              + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
  private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]{4,64}$");
  private static final Pattern DIGITS = Pattern.compile("^[0-9]{1,20}$");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  public TagPolicy {
    templates = List.copyOf(templates);
    if (shortShaLength < 4 || shortShaLength > 64) {
      throw new IllegalArgumentException("shortShaLength must be 4 to 64, not " + shortShaLength);
    }
    if (maxBranchLength < 12 || maxBranchLength > 128) {
      throw new IllegalArgumentException(
          "maxBranchLength must be 12 to 128, not " + maxBranchLength);
    }
  }

  /** The default policy: one tag per known part of the build. */
  public static TagPolicy defaults() {
    return new TagPolicy(List.of(), DEFAULT_SHORT_SHA_LENGTH, DEFAULT_MAX_BRANCH_LENGTH);
  }

  /** The default lengths with these templates. */
  public static TagPolicy withTemplates(List<String> templates) {
    return new TagPolicy(templates, DEFAULT_SHORT_SHA_LENGTH, DEFAULT_MAX_BRANCH_LENGTH);
  }

  /**
   * The build's tags, in template order, without duplicates.
   *
   * @throws InvalidInputException when a part is malformed (e.g. a version that is not SemVer), a
   *     template names an unknown placeholder or a part the build lacks, or yields an invalid tag
   */
  public List<String> tags(BuildInfo build) throws InvalidInputException {
    Map<String, String> values = values(build);
    List<String> chosen = templates;
    if (chosen.isEmpty()) {
      chosen = new ArrayList<>();
      for (String template : DEFAULT_TEMPLATES) {
        if (values.containsKey(template.substring(1, template.length() - 1))) {
          chosen.add(template);
        }
      }
      if (chosen.isEmpty()) {
        throw new InvalidInputException(
            "no tags to compute: give at least one of version, commit, branch, build number,"
                + " timestamp, or a template");
      }
    }
    Set<String> tags = new LinkedHashSet<>();
    for (String template : chosen) {
      tags.add(render(template, values));
    }
    return List.copyOf(tags);
  }

  /** {@code image} with each of the build's tags, e.g. {@code registry/app:1.2.3}. */
  public List<ImageReference> references(ImageReference image, BuildInfo build)
      throws InvalidInputException {
    List<ImageReference> references = new ArrayList<>();
    for (String tag : tags(build)) {
      references.add(image.withTag(tag));
    }
    return references;
  }

  /** The {@code {branch}} value for a branch name (see the class comment). */
  public String sanitiseBranch(String branch) throws InvalidInputException {
    String name = branch.startsWith("refs/heads/") ? branch.substring(11) : branch;
    StringBuilder out = new StringBuilder();
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
      char next = allowed ? c : '-';
      if (next == '-' && out.length() > 0 && out.charAt(out.length() - 1) == '-') {
        continue;
      }
      out.append(next);
    }
    String sanitised = trimSeparators(out.toString());
    if (sanitised.isEmpty()) {
      throw new InvalidInputException(
          "branch '"
              + ImageReference.quoted(branch)
              + "' has no letters or digits to make a tag from");
    }
    if (sanitised.length() > maxBranchLength) {
      String head =
          trimSeparators(sanitised.substring(0, maxBranchLength - BRANCH_HASH_LENGTH - 1));
      sanitised = head + "-" + sha256Hex(name).substring(0, BRANCH_HASH_LENGTH);
    }
    return sanitised;
  }

  private Map<String, String> values(BuildInfo build) throws InvalidInputException {
    Map<String, String> values = new LinkedHashMap<>();
    if (present(build.version())) {
      String version = build.version().trim();
      if (version.length() > 128 || !SEMVER.matcher(version).matches()) {
        throw new InvalidInputException(
            "version '"
                + ImageReference.quoted(version)
                + "' is not SemVer 2.0; write it as MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD],"
                + " e.g. 1.4.0 or 2.0.0-rc.1");
      }
      values.put("version", version.replace('+', '_'));
    }
    if (present(build.commit())) {
      String commit = build.commit().trim();
      if (!HEX.matcher(commit).matches()) {
        throw new InvalidInputException(
            "commit '"
                + ImageReference.quoted(commit)
                + "' is not a git commit id (4 to 64 hex digits)");
      }
      commit = commit.toLowerCase(Locale.ROOT);
      values.put("sha", commit);
      values.put("shortSha", commit.substring(0, Math.min(shortShaLength, commit.length())));
    }
    if (present(build.branch())) {
      values.put("branch", sanitiseBranch(build.branch().trim()));
    }
    if (present(build.buildNumber())) {
      String number = build.buildNumber().trim();
      if (!DIGITS.matcher(number).matches()) {
        throw new InvalidInputException(
            "build number '" + ImageReference.quoted(number) + "' must be digits only, e.g. 42");
      }
      values.put("build", number);
    }
    if (build.timestamp() != null) {
      values.put("timestamp", TIMESTAMP.format(build.timestamp()));
    }
    return values;
  }

  private static String render(String template, Map<String, String> values)
      throws InvalidInputException {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i);
      if (close < 0) {
        throw new InvalidInputException(
            "template '" + ImageReference.quoted(template) + "' has a '{' without a closing '}'");
      }
      String name = template.substring(i + 1, close);
      if (!DEFAULT_TEMPLATES.contains("{" + name + "}")) {
        throw new InvalidInputException(
            "template '"
                + ImageReference.quoted(template)
                + "' uses the unknown placeholder {"
                + ImageReference.quoted(name)
                + "}; known: "
                + String.join(", ", DEFAULT_TEMPLATES));
      }
      String value = values.get(name);
      if (value == null) {
        throw new InvalidInputException(
            "template '"
                + ImageReference.quoted(template)
                + "' uses {"
                + name
                + "}, but the build has no "
                + describe(name));
      }
      out.append(value);
      i = close + 1;
    }
    String tag = out.toString();
    if (tag.isEmpty()) {
      throw new InvalidInputException(
          "template '" + ImageReference.quoted(template) + "' gives an empty tag");
    }
    if (!ImageReference.isValidTag(tag)) {
      try {
        ImageReference.validateTag(tag);
      } catch (InvalidImageReferenceException e) {
        throw new InvalidInputException(
            "template '"
                + ImageReference.quoted(template)
                + "' gives an invalid tag: "
                + e.getMessage());
      }
    }
    return tag;
  }

  private static String describe(String placeholder) {
    return switch (placeholder) {
      case "version" -> "version";
      case "sha", "shortSha" -> "commit";
      case "branch" -> "branch";
      case "build" -> "build number";
      default -> "timestamp";
    };
  }

  private static String trimSeparators(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && (text.charAt(start) == '-' || text.charAt(start) == '.')) {
      start++;
    }
    while (end > start && (text.charAt(end - 1) == '-' || text.charAt(end - 1) == '.')) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
