package io.gitopspipeline.yaml;

import java.util.Objects;

/**
 * Set the scalar at {@code path} to {@code value}.
 *
 * @param path dotted keys, list indexes, escaped dots and {@code [field=value]} selections, e.g.
 *     {@code spec.template.spec.containers[name=app].image}
 * @param value the new value, as text; it is quoted when needed so its type stays what it was
 * @param create add missing keys (with the surrounding indentation) instead of failing
 */
public record ValueUpdate(String path, String value, boolean create) {
  public ValueUpdate {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
  }

  public static ValueUpdate of(String path, String value) {
    return new ValueUpdate(path, value, false);
  }
}
