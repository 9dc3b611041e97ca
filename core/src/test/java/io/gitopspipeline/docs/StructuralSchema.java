package io.gitopspipeline.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an object against a CRD's {@code openAPIV3Schema} the way the API server does with strict
 * field validation ({@code kubectl apply --validate=strict}): unknown fields are errors. It covers
 * the keywords Flux's notification CRDs use ({@code type}, {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, {@code enum}, {@code pattern}, {@code minLength},
 * {@code maxLength}); CEL rules ({@code x-kubernetes-validations}) and {@code format} are not
 * evaluated.
 */
final class StructuralSchema {
  /** What the API server accepts in {@code metadata} of a snippet (the rest is server-written). */
  private static final Set<String> METADATA = Set.of("name", "namespace", "labels", "annotations");

  private StructuralSchema() {}

  /** The problems found, each naming the field path; empty when the object is valid. */
  static List<String> validate(Object value, Map<String, Object> schema) {
    List<String> problems = new ArrayList<>();
    check(value, schema, "", problems);
    return problems;
  }

  @SuppressWarnings("unchecked")
  private static void check(
      Object value, Map<String, Object> schema, String path, List<String> out) {
    String type = (String) schema.get("type");
    if (value == null) {
      out.add(path + ": null is not allowed");
      return;
    }
    if (path.equals(".metadata")) {
      checkMetadata(value, out);
      return;
    }
    if (type != null && !hasType(value, type)) {
      out.add(path + ": expected " + type + ", got " + describe(value));
      return;
    }
    if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
      out.add(path + ": '" + value + "' is not one of " + allowed);
    }
    if (value instanceof String text) {
      if (schema.get("pattern") instanceof String pattern
          && !Pattern.compile(pattern).matcher(text).find()) {
        out.add(path + ": '" + text + "' does not match " + pattern);
      }
      if (schema.get("maxLength") instanceof Number max && text.length() > max.intValue()) {
        out.add(path + ": longer than " + max);
      }
      if (schema.get("minLength") instanceof Number min && text.length() < min.intValue()) {
        out.add(path + ": shorter than " + min);
      }
    }
    if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < list.size(); i++) {
        check(list.get(i), (Map<String, Object>) items, path + "[" + i + "]", out);
      }
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> properties =
          schema.get("properties") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
      Object additional = schema.get("additionalProperties");
      boolean preserve = Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"));
      if (schema.get("required") instanceof List<?> required) {
        for (Object field : required) {
          if (!map.containsKey(field)) {
            out.add(path + "." + field + ": required");
          }
        }
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        String child = path + "." + key;
        if (properties.get(key) instanceof Map<?, ?> property) {
          check(entry.getValue(), (Map<String, Object>) property, child, out);
        } else if (additional instanceof Map<?, ?> each) {
          check(entry.getValue(), (Map<String, Object>) each, child, out);
        } else if (!preserve && !Boolean.TRUE.equals(additional)) {
          out.add(child + ": unknown field");
        }
      }
    }
  }

  private static void checkMetadata(Object value, List<String> out) {
    if (!(value instanceof Map<?, ?> map)) {
      out.add(".metadata: expected object");
      return;
    }
    if (!(map.get("name") instanceof String name) || name.isEmpty()) {
      out.add(".metadata.name: required");
    }
    for (Object key : map.keySet()) {
      if (!METADATA.contains(String.valueOf(key))) {
        out.add(".metadata." + key + ": not something a manifest sets");
      }
    }
  }

  private static boolean hasType(Object value, String type) {
    return switch (type) {
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "integer" -> value instanceof Integer || value instanceof Long;
      case "number" -> value instanceof Number;
      default -> false;
    };
  }

  private static String describe(Object value) {
    return value instanceof Map
        ? "object"
        : value instanceof List ? "array" : value.getClass().getSimpleName().toLowerCase();
  }
}
