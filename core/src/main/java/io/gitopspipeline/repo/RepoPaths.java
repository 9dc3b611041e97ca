package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;
import java.util.regex.Pattern;

/** Validates the names and paths a promotion writes, so nothing escapes or corrupts the tree. */
final class RepoPaths {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,126}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  private RepoPaths() {}

  /** An app or environment name: letters, digits, '.', '_' and '-', starting alphanumeric. */
  static String name(String what, String value) throws InvalidInputException {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new InvalidInputException(
          what
              + " '"
              + value
              + "' is not a valid name; use letters, digits, '.', '_' or '-' (starting with a"
              + " letter or digit, at most 127 characters)");
    }
    return value;
  }

  /** Replaces {@code {app}} and {@code {env}} and checks the result is a safe relative path. */
  static String render(String what, String template, String app, String env)
      throws InvalidInputException {
    var matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          switch (matcher.group(1)) {
            case "app" -> app;
            case "env" -> env;
            default ->
                throw new InvalidInputException(
                    what
                        + " '"
                        + template
                        + "' has an unknown placeholder {"
                        + matcher.group(1)
                        + "}; use {app} and {env}");
          };
      matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    try {
      return relative("path", out.toString());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(what + " '" + template + "' is invalid: " + e.getMessage());
    }
  }

  /**
   * A normalised repository-relative path: '/'-separated, no empty, '.' or '..' segments, nothing
   * inside {@code .git}.
   */
  static String relative(String what, String path) throws InvalidInputException {
    String trimmed = path.replace('\\', '/');
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    while (trimmed.startsWith("./")) {
      trimmed = trimmed.substring(2);
    }
    if (trimmed.isEmpty() || trimmed.startsWith("/")) {
      throw new InvalidInputException(
          what + " '" + path + "' must be a non-empty path relative to the repository root");
    }
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.equalsIgnoreCase(".git")
          || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new InvalidInputException(
            what
                + " '"
                + path
                + "' has an invalid segment '"
                + segment
                + "'; use a relative path without '.', '..', '.git', empty segments or control"
                + " characters");
      }
    }
    return trimmed;
  }

  static boolean isUnder(String path, String directory) {
    return path.startsWith(directory + "/");
  }
}
