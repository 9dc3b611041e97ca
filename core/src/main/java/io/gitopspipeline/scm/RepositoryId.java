package io.gitopspipeline.scm;

import io.gitopspipeline.api.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository as a provider addresses it: {@code OWNER/NAME} on GitHub, Gitea and Bitbucket Cloud
 * (workspace/slug), {@code PROJECT/REPO} on Bitbucket Data Center, {@code GROUP[/SUBGROUP...]/NAME}
 * on GitLab, {@code ORG/PROJECT/REPO} on Azure DevOps.
 *
 * @param segments the path segments, each non-empty and free of '/'
 */
public record RepositoryId(List<String> segments) {
  private static final Pattern SCP_LIKE = Pattern.compile("^[^/@:]+@[^/:]+:(?!//).*");
  private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\x00-\\x1f?#]+");

  public RepositoryId {
    segments = List.copyOf(segments);
  }

  /** The repository as one {@code a/b/c} string, the way users write it. */
  public String path() {
    return String.join("/", segments);
  }

  /** The first segment: owner, workspace, Bitbucket project key, top-level group or Azure org. */
  public String owner() {
    return segments.get(0);
  }

  /** The last segment: the repository's name or slug. */
  public String name() {
    return segments.get(segments.size() - 1);
  }

  /** The segment at {@code index}, e.g. the Azure project at 1. */
  public String segment(int index) {
    return segments.get(index);
  }

  @Override
  public String toString() {
    return path();
  }

  /**
   * Parses {@code --pr-repository}, checking the shape the provider expects.
   *
   * @throws InvalidInputException naming the expected shape
   */
  public static RepositoryId parse(ProviderType type, String text) throws InvalidInputException {
    Objects.requireNonNull(type, "type");
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "the " + type.displayName() + " repository is empty; write it as " + shape(type));
    }
    String trimmed = text.trim();
    if (trimmed.startsWith("/") || trimmed.endsWith("/") || trimmed.contains("//")) {
      throw invalid(type, text);
    }
    List<String> parts = Arrays.asList(trimmed.split("/"));
    for (String part : parts) {
      if (!SEGMENT.matcher(part).matches() || part.equals(".") || part.equals("..")) {
        throw invalid(type, text);
      }
    }
    boolean fits =
        switch (type) {
          case AZURE -> parts.size() == 3;
          case GITLAB -> parts.size() >= 2;
          default -> parts.size() == 2;
        };
    if (!fits) {
      throw invalid(type, text);
    }
    return new RepositoryId(parts);
  }

  /**
   * Derives the repository from a git remote URL (HTTPS, {@code ssh://} or scp-like {@code
   * git@host:path}), for when {@code --pr-repository} is not given. Understands Azure DevOps'
   * {@code /_git/} and {@code ssh.dev.azure.com:v3/} forms, {@code *.visualstudio.com}, and
   * Bitbucket Data Center's {@code /scm/} prefix.
   *
   * @throws InvalidInputException when the URL has no repository path in the expected shape
   */
  public static RepositoryId fromRemoteUrl(ProviderType type, String remoteUrl)
      throws InvalidInputException {
    if (remoteUrl == null || remoteUrl.isBlank()) {
      throw new InvalidInputException(
          "no git remote URL to derive the repository from; give --pr-repository " + shape(type));
    }
    String url = remoteUrl.trim();
    String host;
    String path;
    if (SCP_LIKE.matcher(url).matches()) {
      int colon = url.indexOf(':');
      host = url.substring(url.indexOf('@') + 1, colon);
      path = url.substring(colon + 1);
    } else {
      try {
        URI uri = new URI(url);
        if (uri.getHost() == null || uri.getRawPath() == null) {
          throw new URISyntaxException(url, "no host or path");
        }
        host = uri.getHost();
        path = uri.getRawPath();
      } catch (URISyntaxException e) {
        throw new InvalidInputException(
            "git remote URL '"
                + redactUserInfo(url)
                + "' is not a URL; give --pr-repository "
                + shape(type));
      }
    }
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(percentDecode(part, type, url));
      }
    }
    if (!parts.isEmpty()) {
      String last = parts.get(parts.size() - 1);
      if (last.endsWith(".git")) {
        parts.set(parts.size() - 1, last.substring(0, last.length() - 4));
      }
    }
    List<String> picked =
        switch (type) {
          case AZURE -> azureSegments(host, parts);
          case GITLAB -> parts;
          case BITBUCKET -> afterScm(parts);
          default -> lastTwo(parts);
        };
    try {
      return parse(type, String.join("/", picked));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "cannot derive a "
              + type.displayName()
              + " repository from the git remote URL '"
              + redactUserInfo(url)
              + "'; give --pr-repository "
              + shape(type));
    }
  }

  /**
   * Decodes %XX escapes of a path segment; unlike {@link java.net.URLDecoder} it keeps '+' (a form
   * encoding, not a path one) and rejects a malformed escape instead of throwing.
   */
  private static String percentDecode(String segment, ProviderType type, String url)
      throws InvalidInputException {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); ) {
      char c = segment.charAt(i);
      if (c == '%') {
        int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new InvalidInputException(
              "git remote URL '"
                  + redactUserInfo(url)
                  + "' has a malformed %-escape; give --pr-repository "
                  + shape(type));
        }
        bytes.write(high * 16 + low);
        i += 3;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        i++;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<String> azureSegments(String host, List<String> parts) {
    int git = parts.indexOf("_git");
    if (parts.size() == 4
        && parts.get(0).equals("v3")) { // git@ssh.dev.azure.com:v3/org/project/repo
      return parts.subList(1, 4);
    }
    if (git >= 0 && git == parts.size() - 2) {
      String repo = parts.get(git + 1);
      List<String> before = parts.subList(0, git);
      if (host.endsWith(
          ".visualstudio.com")) { // https://org.visualstudio.com/[DefaultCollection/]project/_git/repo
        String org = host.substring(0, host.indexOf('.'));
        String project = before.isEmpty() ? repo : before.get(before.size() - 1);
        return List.of(org, project, repo);
      }
      if (before.size() == 2) { // https://dev.azure.com/org/project/_git/repo
        return List.of(before.get(0), before.get(1), repo);
      }
      if (before.size() == 1) { // https://dev.azure.com/org/_git/repo: project named like the repo
        return List.of(before.get(0), repo, repo);
      }
    }
    return parts;
  }

  private static List<String> afterScm(List<String> parts) {
    int scm = parts.indexOf("scm");
    if (scm >= 0 && parts.size() == scm + 3) {
      return parts.subList(scm + 1, scm + 3);
    }
    return lastTwo(parts);
  }

  private static List<String> lastTwo(List<String> parts) {
    return parts.size() <= 2 ? parts : parts.subList(parts.size() - 2, parts.size());
  }

  private static InvalidInputException invalid(ProviderType type, String text) {
    return new InvalidInputException(
        "the "
            + type.displayName()
            + " repository '"
            + text
            + "' must be written as "
            + shape(type));
  }

  /** How the repository is written for {@code type}, for messages and help. */
  public static String shape(ProviderType type) {
    return switch (type) {
      case AZURE -> "ORG/PROJECT/REPO";
      case GITLAB -> "GROUP[/SUBGROUP...]/NAME";
      case BITBUCKET -> "PROJECT/REPO (project key and repository slug)";
      case BITBUCKET_CLOUD -> "WORKSPACE/REPO";
      default -> "OWNER/NAME";
    };
  }

  private static String redactUserInfo(String url) {
    return url.replaceAll("//[^/@]+@", "//***@");
  }
}
