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
      // a template names a directory (or an extra file, which has no business being git's own)
      return relative("path", out.toString(), false);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          what + " '" + printable(template) + "' is invalid: " + e.getMessage());
    }
  }

  /**
   * A normalised repository-relative file path: '/'-separated, no empty, '.' or '..' segments, and
   * no name git refuses in a tree ({@link GitPathNames}).
   */
  static String relative(String what, String path) throws InvalidInputException {
    return relative(what, path, true);
  }

  private static String relative(String what, String path, boolean lastIsFile)
      throws InvalidInputException {
    String trimmed = path.replace('\\', '/');
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    while (trimmed.startsWith("./")) {
      trimmed = trimmed.substring(2);
    }
    if (trimmed.isEmpty() || trimmed.startsWith("/")) {
      throw new InvalidInputException(
          what
              + " '"
              + printable(path)
              + "' must be a non-empty path relative to the repository root");
    }
    String[] segments = trimmed.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      String problem = null;
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        problem = "use a relative path without '.', '..', empty segments or control characters";
      } else {
        problem = GitPathNames.problem(segment, !lastIsFile || i < segments.length - 1);
      }
      if (problem != null) {
        throw new InvalidInputException(
            what
                + " '"
                + printable(path)
                + "' has an invalid segment '"
                + printable(segment)
                + "': "
                + printable(problem)
                + "; names such as .git, git~1, .gitmodules and .gitattributes (or their"
                + " Windows and macOS spellings) are git's own");
      }
    }
    return trimmed;
  }

  /** Control and invisible formatting characters from the input, shown as escapes. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  static boolean isUnder(String path, String directory) {
    return path.startsWith(directory + "/");
  }
}
