package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.lifecycle.PromotionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Text and JSON renderings shared by the lifecycle commands. */
final class Rows {
  private Rows() {}

  /** A promotion as JSON: every field, with times in ISO-8601 UTC. */
  static Map<String, Object> json(PromotionRecord r) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("commit", r.commit());
    json.put("promotionCommit", r.promotionCommit());
    json.put("time", r.time().toString());
    json.put("app", r.app());
    json.put("environment", r.environment());
    json.put("image", r.image());
    json.put("sourceRepository", r.sourceRepository());
    json.put("sourceCommit", r.sourceCommit());
    json.put("buildUrl", r.buildUrl());
    json.put("rollback", r.isRollback());
    json.put("rollbackOf", r.rollbackOf());
    json.put("arrival", r.arrival().jsonName());
    return json;
  }

  /** Columns padded to their widest cell; the last column is not padded. */
  static String table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? row.get(i) : pad(row.get(i), widths[i] + 2));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  static String shortSha(String sha) {
    return sha == null ? "-" : sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  /** A value from a commit message for the terminal: control characters escaped, "-" if absent. */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    value
        .codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  static String time(Instant time) {
    return time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A rough age: 45s, 12m, 5h, 3d. */
  static String age(Instant time, Instant now) {
    long seconds = Math.max(0, Duration.between(time, now).getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86_400 + "d";
  }
}
