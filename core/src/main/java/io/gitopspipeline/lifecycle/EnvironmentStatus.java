package io.gitopspipeline.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * What runs where: an app's environment as its newest promotion left it.
 *
 * @param app the app
 * @param environment the environment
 * @param path the app's directory in the repository
 * @param current the newest promotion of that directory
 * @param editedBy the newest commit without promotion trailers that changed the directory after
 *     {@code current} ("edited by hand since"), or {@code null}
 * @param editedAt that commit's time, or {@code null}
 */
public record EnvironmentStatus(
    String app,
    String environment,
    String path,
    PromotionRecord current,
    String editedBy,
    Instant editedAt) {
  public EnvironmentStatus {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(current, "current");
  }

  /** Whether someone changed the directory by hand after the last promotion. */
  public boolean editedByHand() {
    return editedBy != null;
  }
}
