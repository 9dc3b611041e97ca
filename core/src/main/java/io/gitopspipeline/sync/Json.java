package io.gitopspipeline.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Field access for parsers of untrusted JSON: every problem names the field. */
public final class Json {
  private Json() {}

  /** The text at {@code field}, {@code ""} when absent or null; a non-text value is an error. */
  public static String text(JsonNode node, String field, String path) throws InvalidInputException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new InvalidInputException("field '" + path + field + "' must be a string");
    }
    return value.textValue();
  }

  /** The non-empty text at {@code field}. */
  public static String required(JsonNode node, String field, String path)
      throws InvalidInputException {
    String value = text(node, field, path);
    if (value.isEmpty()) {
      throw new InvalidInputException("field '" + path + field + "' is missing or empty");
    }
    return value;
  }

  /** The object at {@code field}, or {@code null} when absent; a non-object is an error. */
  public static JsonNode object(JsonNode node, String field, String path)
      throws InvalidInputException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new InvalidInputException("field '" + path + field + "' must be an object");
    }
    return value;
  }

  /** An RFC 3339 time at {@code field}, {@code null} when absent or empty. */
  public static Instant time(JsonNode node, String field, String path)
      throws InvalidInputException {
    String value = text(node, field, path);
    if (value.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "field '" + path + field + "' is not an RFC 3339 time: '" + abbreviate(value) + "'");
    }
  }

  static String abbreviate(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "..." : value;
  }
}
