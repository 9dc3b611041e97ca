package io.gitopspipeline.cli.repo;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The YAML list of promotions {@code gitops promote --batch FILE} reads (a release train):
 *
 * <pre>
 * promotions:
 *   - app: web
 *     env: prod
 *     from: rendered/web/prod      # relative to the file's directory
 *     image: registry.example.com/web:1.4.2
 *     sourceCommit: 0123abcd...
 * </pre>
 *
 * Read with alias, size and entry budgets; every problem names the entry and key.
 */
final class PromotionBatchFile {
  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_ENTRIES = 1000;
  private static final Set<String> KEYS =
      Set.of(
          "app",
          "env",
          "from",
          "path",
          "message",
          "image",
          "sourceRepository",
          "sourceCommit",
          "buildUrl");

  /** One promotion of the file; {@code null} fields take the command line's value. */
  record Entry(
      String app,
      String env,
      Path from,
      String path,
      String message,
      String image,
      String sourceRepository,
      String sourceCommit,
      String buildUrl) {}

  private PromotionBatchFile() {}

  static List<Entry> read(Path file) throws InvalidInputException {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidInputException(
            "--batch file '" + file + "' is larger than " + (MAX_BYTES >> 10) + " KiB");
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the --batch file '" + file + "': " + e, e);
    }
    Object document;
    try {
      LoadSettings settings =
          LoadSettings.builder()
              .setAllowDuplicateKeys(false)
              .setMaxAliasesForCollections(0)
              .setAllowRecursiveKeys(false)
              .setCodePointLimit(MAX_BYTES)
              .setLabel(file.toString())
              .build();
      document = new Load(settings).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new InvalidInputException(
          "--batch file '" + file + "' is not valid YAML: " + firstLine(e.getMessage()), e);
    }
    Object list = document instanceof Map<?, ?> map ? map.get("promotions") : document;
    if (document instanceof Map<?, ?> map && (map.size() != 1 || list == null)) {
      throw new InvalidInputException(
          "--batch file '" + file + "' must hold 'promotions:' and nothing else");
    }
    if (!(list instanceof List<?> items) || items.isEmpty()) {
      throw new InvalidInputException(
          "--batch file '" + file + "' must list at least one promotion under 'promotions:'");
    }
    if (items.size() > MAX_ENTRIES) {
      throw new InvalidInputException(
          "--batch file '" + file + "' lists more than " + MAX_ENTRIES + " promotions");
    }
    Path base = file.toAbsolutePath().getParent();
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = "promotion " + (i + 1) + " of '" + file + "'";
      if (!(items.get(i) instanceof Map<?, ?> item)) {
        throw new InvalidInputException(where + " is not a mapping (app:, env:, from:, ...)");
      }
      for (Object key : item.keySet()) {
        if (!(key instanceof String name) || !KEYS.contains(name)) {
          throw new InvalidInputException(
              where
                  + " has the unknown key '"
                  + key
                  + "'; known: app, env, from, path, message, image, sourceRepository,"
                  + " sourceCommit, buildUrl");
        }
      }
      String from = required(item, "from", where);
      entries.add(
          new Entry(
              required(item, "app", where),
              required(item, "env", where),
              base.resolve(from).normalize(),
              optional(item, "path", where),
              optional(item, "message", where),
              optional(item, "image", where),
              optional(item, "sourceRepository", where),
              optional(item, "sourceCommit", where),
              optional(item, "buildUrl", where)));
    }
    return entries;
  }

  private static String required(Map<?, ?> item, String key, String where)
      throws InvalidInputException {
    String value = optional(item, key, where);
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(where + " needs '" + key + "'");
    }
    return value;
  }

  private static String optional(Map<?, ?> item, String key, String where)
      throws InvalidInputException {
    Object value = item.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw new InvalidInputException(where + ": '" + key + "' must be a single value");
    }
    return value.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
