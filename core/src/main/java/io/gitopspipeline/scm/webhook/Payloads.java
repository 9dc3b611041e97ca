package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;

/** Reading the fields of an untrusted payload, naming the one that is missing or malformed. */
final class Payloads {
  private Payloads() {}

  /** The node at a dotted path, or a missing node. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  /** A non-empty text at {@code path}. */
  static String text(JsonNode root, String path, String provider) throws InvalidInputException {
    JsonNode node = at(root, path);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(
          provider + " payload has no " + path + " (a non-empty string is required)");
    }
    return node.asText();
  }

  /** A text at {@code path}, or null when absent, null or not a string. */
  static String optionalText(JsonNode root, String path) {
    JsonNode node = at(root, path);
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /** A positive integer at {@code path} (numbers only). */
  static long number(JsonNode root, String path, String provider) throws InvalidInputException {
    JsonNode node = at(root, path);
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() <= 0) {
      throw new InvalidInputException(
          provider + " payload has no " + path + " (a positive integer is required)");
    }
    return node.asLong();
  }

  /** A commit id: 7 to 64 hex digits, or null when absent. */
  static String commit(JsonNode root, String path, String provider) throws InvalidInputException {
    String value = optionalText(root, path);
    if (value == null) {
      return null;
    }
    if (!value.matches("[0-9a-fA-F]{7,64}")) {
      throw new InvalidInputException(provider + " payload's " + path + " is not a commit id");
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }
}
