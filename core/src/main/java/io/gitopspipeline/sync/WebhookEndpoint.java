package io.gitopspipeline.sync;

import java.util.Optional;
import java.util.function.Function;

/**
 * One path of the {@link WebhookServer}: what the headers decide, then what the body decides. The
 * reconcilers' {@link WebhookHandler} is one; the SCM providers' handlers ({@code
 * io.gitopspipeline.scm.webhook}) are others, so one server with one set of limits serves both.
 */
public interface WebhookEndpoint {
  /** True when requests must carry a signature or token (else only a loopback Host is served). */
  boolean requiresAuthentication();

  /** The largest body accepted; hosts read at most one byte more. */
  int maxBodyBytes();

  /**
   * What the method and headers alone decide (405, 415, 413, 401); empty when the body must be
   * read.
   */
  Optional<WebhookResponse> preflight(String method, Function<String, String> headers);

  /** The answer to a whole request. */
  WebhookResponse handle(WebhookRequest request);
}
