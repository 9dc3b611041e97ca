package io.gitopspipeline.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Field lookup as Go's {@code encoding/json} decodes into a struct, which is how Docker reads
 * {@code config.json} and credential helpers' answers: a key matches a field without regard to
 * case, and when several keys match, the last one wins.
 */
final class GoJson {
  private GoJson() {}

  /** The value of the last key matching {@code name} case-insensitively, or null. */
  static JsonNode field(JsonNode object, String name) {
    if (object == null || !object.isObject()) {
      return null;
    }
    JsonNode found = null;
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      if (entry.getKey().equalsIgnoreCase(name)) {
        found = entry.getValue();
      }
    }
    return found;
  }

  /** The text of {@link #field}, or null when absent or not a string. */
  static String text(JsonNode object, String name) {
    JsonNode value = field(object, name);
    return value != null && value.isTextual() ? value.asText() : null;
  }
}
