package io.gitopspipeline.scm.webhook;

import java.util.Objects;
import java.util.Optional;

/**
 * What one webhook said: an event, or nothing worth acting on and why (a ping, another event type,
 * an action that changes nothing).
 */
public record ScmParseResult(ScmEvent event, String ignoredReason) {
  public static ScmParseResult of(ScmEvent event) {
    return new ScmParseResult(Objects.requireNonNull(event, "event"), null);
  }

  public static ScmParseResult ignored(String reason) {
    return new ScmParseResult(null, Objects.requireNonNull(reason, "reason"));
  }

  public Optional<ScmEvent> asEvent() {
    return Optional.ofNullable(event);
  }
}
