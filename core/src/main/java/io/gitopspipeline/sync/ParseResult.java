package io.gitopspipeline.sync;

import java.util.List;
import java.util.Objects;

/**
 * What a payload said: events, or nothing worth acting on and why.
 *
 * @param events the normalised events; empty when ignored
 * @param ignoredReason why nothing came out of the payload, or {@code null} when events did
 */
public record ParseResult(List<SyncEvent> events, String ignoredReason) {
  public ParseResult {
    events = List.copyOf(events);
  }

  public static ParseResult of(SyncEvent... events) {
    return new ParseResult(List.of(events), null);
  }

  public static ParseResult ignored(String reason) {
    return new ParseResult(List.of(), Objects.requireNonNull(reason, "reason"));
  }

  public boolean isIgnored() {
    return ignoredReason != null;
  }
}
