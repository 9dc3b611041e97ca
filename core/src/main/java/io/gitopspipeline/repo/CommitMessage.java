package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Urls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A promotion's commit message: the template filled in, then the traceability trailers. No URL in
 * it keeps its user-info, whether it came from a value or was typed into the template.
 */
final class CommitMessage {
  static final String DEFAULT_TEMPLATE = "Promote {app} to {env}";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private CommitMessage() {}

  static String build(Promotion promotion) throws InvalidInputException {
    SourceInfo source = promotion.source();
    Map<String, String> values = new LinkedHashMap<>();
    values.put("app", promotion.app());
    values.put("env", promotion.environment());
    values.put("branch", promotion.branch());
    values.put("image", nullToEmpty(source.image()));
    values.put("sourceCommit", nullToEmpty(source.sourceCommit()));
    String commit = nullToEmpty(source.sourceCommit());
    values.put("shortSourceCommit", commit.length() > 7 ? commit.substring(0, 7) : commit);
    values.put("sourceRepository", nullToEmpty(source.sourceRepository()));
    values.put("buildUrl", nullToEmpty(source.buildUrl()));

    String template = promotion.messageTemplate();
    if (template == null || template.isBlank()) {
      template = source.image() == null ? DEFAULT_TEMPLATE : DEFAULT_TEMPLATE + " ({image})";
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder text = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new InvalidInputException(
            "commit message template has an unknown placeholder {"
                + matcher.group(1)
                + "}; known: {"
                + String.join("} {", values.keySet())
                + "}");
      }
      matcher.appendReplacement(text, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(text);

    StringBuilder message =
        new StringBuilder(Urls.withoutUserInfo(text.toString()).strip()).append("\n\n");
    trailer(message, "GitOps-App", promotion.app());
    trailer(message, "GitOps-Environment", promotion.environment());
    trailer(message, "GitOps-Image", source.image());
    trailer(message, "GitOps-Source-Repository", source.sourceRepository());
    trailer(message, "GitOps-Source-Commit", source.sourceCommit());
    trailer(message, "GitOps-Build-URL", source.buildUrl());
    trailer(message, "GitOps-Rollback-Of", source.rollbackOf());
    return message.toString();
  }

  private static void trailer(StringBuilder message, String key, String value)
      throws InvalidInputException {
    if (value == null || value.isBlank()) {
      return;
    }
    if (value.chars().anyMatch(c -> c == '\n' || c == '\r')) {
      throw new InvalidInputException(
          "the value for trailer " + key + " contains a line break; give a single line");
    }
    message.append(key).append(": ").append(Urls.withoutUserInfo(value.strip())).append('\n');
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
