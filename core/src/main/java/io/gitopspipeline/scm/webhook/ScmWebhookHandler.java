package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.ControlCharacters;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.sync.EventParsers;
import io.gitopspipeline.sync.WebhookEndpoint;
import io.gitopspipeline.sync.WebhookHandler;
import io.gitopspipeline.sync.WebhookRequest;
import io.gitopspipeline.sync.WebhookResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One provider's pull-request webhooks on {@code /gitops-webhook/scm/<provider>}. The same order
 * and answers as the reconcilers' {@link WebhookHandler}: 405, 415 (JSON only), 413, 401 (the
 * provider's own scheme; decided from the headers where it can be), 400, 202 for a ping, another
 * event type or an action that changes nothing, 200 when the event went to the sink. A request that
 * is not 200 never reaches the sink.
 */
public final class ScmWebhookHandler implements WebhookEndpoint {
  /** The paths' common prefix; the provider's CLI name follows. */
  public static final String PATH_PREFIX = "/gitops-webhook/scm/";

  private final ScmEventParser parser;
  private final Secret secret;
  private final Consumer<ScmEvent> sink;
  private final int maxBodyBytes;

  /**
   * @param secret the provider's webhook secret; null accepts unauthenticated requests (only for a
   *     receiver bound to loopback)
   */
  public ScmWebhookHandler(ScmEventParser parser, Secret secret, Consumer<ScmEvent> sink) {
    this(parser, secret, sink, WebhookHandler.DEFAULT_MAX_BODY_BYTES);
  }

  public ScmWebhookHandler(
      ScmEventParser parser, Secret secret, Consumer<ScmEvent> sink, int maxBodyBytes) {
    this.parser = Objects.requireNonNull(parser, "parser");
    if (secret != null && secret.reveal().isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.secret = secret;
    this.sink = Objects.requireNonNull(sink, "sink");
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The path a provider's webhooks are posted to, e.g. {@code /gitops-webhook/scm/github}. */
  public static String path(ProviderType provider) {
    return PATH_PREFIX + provider.cliName();
  }

  /**
   * The routes for the given providers ({@code forgejo} also serves Gitea's parser), each with its
   * secret (null: unauthenticated).
   */
  public static Map<String, WebhookEndpoint> routes(
      Map<ProviderType, Secret> secrets, Consumer<ScmEvent> sink) {
    Map<String, WebhookEndpoint> routes = new LinkedHashMap<>();
    secrets.forEach(
        (provider, secret) -> {
          ScmWebhookHandler handler =
              new ScmWebhookHandler(ScmEventParsers.forProvider(provider), secret, sink);
          routes.put(path(provider), handler);
          if (provider == ProviderType.GITEA) {
            routes.put(PATH_PREFIX + "forgejo", handler);
          }
        });
    return routes;
  }

  @Override
  public boolean requiresAuthentication() {
    return secret != null;
  }

  @Override
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public Optional<WebhookResponse> preflight(String method, Function<String, String> headers) {
    Optional<WebhookResponse> framing = checkFraming(method, headers);
    if (framing.isPresent() || secret == null) {
      return framing;
    }
    return parser.rejectHeaders(headers, secret).map(reason -> error(401, reason));
  }

  @Override
  public WebhookResponse handle(WebhookRequest request) {
    Optional<WebhookResponse> framing = checkFraming(request.method(), request::header);
    if (framing.isPresent()) {
      return framing.get();
    }
    if (request.body().length > maxBodyBytes) {
      return tooLarge();
    }
    if (secret != null) {
      Optional<String> rejection = parser.reject(request::header, request.body(), secret);
      if (rejection.isPresent()) {
        return error(401, rejection.get());
      }
    }
    ScmParseResult result;
    try {
      JsonNode payload = EventParsers.readJson(request.body());
      result = parser.parse(request::header, payload);
    } catch (InvalidInputException e) {
      return error(400, e.getMessage());
    } catch (RuntimeException e) {
      // a parser bug must not become a 500 the provider retries forever
      return error(400, "payload could not be read (" + e.getClass().getSimpleName() + ")");
    }
    if (result.event() == null) {
      return new WebhookResponse(
          202,
          "{\"status\":\"ignored\",\"reason\":"
              + quote(ControlCharacters.escape(result.ignoredReason()))
              + "}");
    }
    sink.accept(result.event());
    return new WebhookResponse(
        200, "{\"status\":\"accepted\",\"event\":" + quote(result.event().describe()) + "}");
  }

  private Optional<WebhookResponse> checkFraming(String method, Function<String, String> headers) {
    if (!method.equalsIgnoreCase("POST")) {
      return Optional.of(error(405, "only POST is accepted"));
    }
    String contentType = headers.apply("Content-Type");
    if (!WebhookHandler.isJson(contentType)) {
      return Optional.of(
          error(
              415,
              "Content-Type must be application/json (in the provider's webhook settings)"
                  + (contentType == null ? "" : "; got '" + contentType + "'")));
    }
    String length = headers.apply("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          return Optional.of(tooLarge());
        }
      } catch (NumberFormatException e) {
        return Optional.of(error(400, "Content-Length is not a number"));
      }
    }
    return Optional.empty();
  }

  private WebhookResponse tooLarge() {
    return error(413, "body is larger than " + maxBodyBytes + " bytes");
  }

  private static WebhookResponse error(int status, String reason) {
    return new WebhookResponse(
        status,
        "{\"status\":\"rejected\",\"error\":" + quote(ControlCharacters.escape(reason)) + "}");
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
