package io.gitopspipeline.lifecycle;

import io.gitopspipeline.api.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/**
 * The names and paths a lifecycle query uses, checked like {@code promote} checks them, and the
 * directory a query's walk is limited to.
 */
final class LifecyclePaths {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,126}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  private LifecyclePaths() {}

  static void name(String what, String value) throws InvalidInputException {
    if (value != null && !NAME.matcher(value).matches()) {
      throw new InvalidInputException(
          what
              + " '"
              + Printable.of(value)
              + "' is not a valid name; use letters, digits, '.', '_' or '-' (starting with a"
              + " letter or digit)");
    }
  }

  static void branch(String branch) throws InvalidInputException {
    if (branch == null || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
      throw new InvalidInputException(
          "branch '" + Printable.of(branch) + "' is not a valid git branch name (e.g. main)");
    }
  }

  /**
   * The deepest directory that holds every path the template gives for the known names: the
   * template with {@code {app}} and {@code {env}} replaced where known, cut before the first
   * unknown placeholder. Empty means the whole repository.
   */
  static String prefix(String template, String app, String env) throws InvalidInputException {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    int end = 0;
    boolean cut = false;
    while (matcher.find()) {
      String replacement =
          switch (matcher.group(1)) {
            case "app" -> app;
            case "env" -> env;
            default ->
                throw new InvalidInputException(
                    "path template '"
                        + Printable.of(template)
                        + "' has an unknown placeholder {"
                        + Printable.of(matcher.group(1))
                        + "}; use {app} and {env}");
          };
      out.append(template, end, matcher.start());
      end = matcher.end();
      if (replacement == null) {
        cut = true;
        break;
      }
      out.append(replacement);
    }
    if (!cut) {
      out.append(template.substring(end));
    }
    String path = out.toString().replace('\\', '/');
    if (cut) {
      int slash = path.lastIndexOf('/');
      path = slash < 0 ? "" : path.substring(0, slash);
    }
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    for (String segment : path.isEmpty() ? new String[0] : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidInputException(
            "path template '" + Printable.of(template) + "' is not a plain relative path");
      }
    }
    return path;
  }
}
