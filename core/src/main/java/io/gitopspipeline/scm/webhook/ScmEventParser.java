package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * One provider's pull-request webhook: its authentication and its payload. Implementations are
 * stateless and thread-safe; they see untrusted input (fuzz-tested through {@link
 * ScmWebhookHandler}).
 */
public interface ScmEventParser {
  /** The provider whose webhooks this reads. */
  ProviderType provider();

  /**
   * What the headers alone decide: missing credentials, a malformed signature header, a wrong
   * token. Empty when authentic or when the signature must still be checked over the body.
   *
   * @param secret the configured secret, never null
   */
  Optional<String> rejectHeaders(Function<String, String> headers, Secret secret);

  /**
   * The whole check, signature over the exact body bytes included; constant-time.
   *
   * @return empty when authentic, else why not (never containing the secret or expected value)
   */
  Optional<String> reject(Function<String, String> headers, byte[] body, Secret secret);

  /**
   * Reads an authenticated payload.
   *
   * @throws InvalidInputException naming the missing or malformed field of a pull-request event
   */
  ScmParseResult parse(Function<String, String> headers, JsonNode payload)
      throws InvalidInputException;
}
