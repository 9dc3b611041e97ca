package io.gitopspipeline.api;

import java.util.Objects;

/**
 * A credential value (password, token, HMAC key). {@link #toString()} never shows it, so a secret
 * that ends up in a log line, an exception message or a record's string form stays hidden; only
 * {@link #reveal()} gives the value, at the one place that must send it.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public String toString() {
    return "******";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s
        && java.security.MessageDigest.isEqual(
            value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            s.value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // equal secrets must hash alike; a constant avoids leaking anything through hashes
  }
}
