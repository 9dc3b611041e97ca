package io.gitopspipeline.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The webhook receiver, independent of any HTTP framework: the Jenkins endpoint and {@code gitops
 * sync wait --listen} both hand it requests. Order of checks: method (405), size (413),
 * authentication (401), parsing (400, or 202 when ignored), then every event goes to the sink
 * (typically {@link WaitRegistry#accept}) and the answer is 200. A rejected request never reaches
 * the sink. Thread-safe when the sink is.
 */
public final class WebhookHandler {
  /** 1 MiB, as Flux's documented verifier; Flux messages are at most 39,000 characters. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookAuthenticator authenticator;
  private final EventParsers parsers;
  private final Consumer<SyncEvent> sink;
  private final Clock clock;
  private final int maxBodyBytes;

  public WebhookHandler(WebhookAuthenticator authenticator, Consumer<SyncEvent> sink) {
    this(authenticator, EventParsers.standard(), sink, Clock.systemUTC(), DEFAULT_MAX_BODY_BYTES);
  }

  public WebhookHandler(
      WebhookAuthenticator authenticator,
      EventParsers parsers,
      Consumer<SyncEvent> sink,
      Clock clock,
      int maxBodyBytes) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.parsers = Objects.requireNonNull(parsers, "parsers");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive");
    }
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The largest body accepted; hosts read at most one byte more. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public WebhookResponse handle(WebhookRequest request) {
    if (!request.method().equalsIgnoreCase("POST")) {
      return error(405, "only POST is accepted");
    }
    if (request.body().length > maxBodyBytes || declaredLength(request) > maxBodyBytes) {
      return error(413, "body is larger than " + maxBodyBytes + " bytes");
    }
    var rejection = authenticator.reject(request::header, request.body());
    if (rejection.isPresent()) {
      return error(401, rejection.get());
    }
    ParseResult result;
    try {
      result = parsers.parse(sourceOf(request.path()), request.body());
    } catch (InvalidInputException e) {
      return error(400, e.getMessage());
    } catch (RuntimeException e) {
      // A parser bug must not become a 500 that makes Flux retry the same body forever.
      return error(400, "payload could not be read (" + e.getClass().getSimpleName() + ")");
    }
    if (result.isIgnored()) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "ignored");
      body.put("reason", result.ignoredReason());
      return new WebhookResponse(202, json(body));
    }
    Instant now = clock.instant();
    List<SyncEvent> events = result.events().stream().map(e -> e.withTimeIfMissing(now)).toList();
    events.forEach(sink);
    return new WebhookResponse(200, "{\"status\":\"accepted\",\"events\":" + events.size() + "}");
  }

  /** The source a path names in its last segment, or null to recognise the payload. */
  String sourceOf(String path) {
    String trimmed = path;
    int query = trimmed.indexOf('?');
    if (query >= 0) {
      trimmed = trimmed.substring(0, query);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return parsers.forSource(last).isPresent() ? last : null;
  }

  private static long declaredLength(WebhookRequest request) {
    String length = request.header("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static WebhookResponse error(int status, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "rejected");
    body.put("error", reason);
    return new WebhookResponse(status, json(body));
  }

  private static String json(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
