package io.gitopspipeline.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;

/**
 * Turns one webhook payload of one source into normalised events. Implementations are stateless and
 * thread-safe; they see untrusted input, so every one has a fuzz test.
 */
public interface EventParser {
  /** The source name, also the last path segment that selects this parser: {@code flux}... */
  String source();

  /** True when {@code payload} looks like this source's (used when the path names no source). */
  boolean recognises(JsonNode payload);

  /**
   * Parses a payload this parser {@linkplain #recognises recognises}.
   *
   * @return the events, or why the payload is ignored (an event about a kind that applies nothing,
   *     a trace event)
   * @throws InvalidInputException naming the missing or malformed field
   */
  ParseResult parse(JsonNode payload) throws InvalidInputException;
}
