package io.gitopspipeline.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.ControlCharacters;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.argocd.ArgoCdEventParser;
import io.gitopspipeline.sync.connector.GitOpsConnectorEventParser;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The webhook receiver, independent of any HTTP framework: the Jenkins endpoint and {@code gitops
 * sync wait --listen} both hand it requests. Order of checks: method (405), {@code Content-Type}
 * (415), size (413), authentication (401), parsing (400, or 202 when ignored), then every event
 * goes to the sink (typically {@link WaitRegistry#accept}) and the answer is 200. A rejected
 * request never reaches the sink. Thread-safe when the sink is.
 *
 * <p>A host that can answer before reading the body calls {@link #preflight} first: it decides all
 * it can from the method and headers (including a declared {@code Content-Length} over the cap and
 * missing or wrong credentials), so an unauthenticated or oversized request costs no body read.
 */
public final class WebhookHandler implements WebhookEndpoint {
  /** 1 MiB, as Flux's documented verifier; Flux messages are at most 39,000 characters. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The target parts each source's format may leave out; the parser then writes {@link Target#ANY}.
   * Every other source must name namespace and name.
   */
  private static final Map<String, Set<String>> OMITTABLE_PARTS =
      Map.of(
          ArgoCdEventParser.SOURCE, Set.of("namespace"),
          GitOpsConnectorEventParser.SOURCE, Set.of("namespace", "name"));

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

  /** True when requests must carry a signature or token. */
  @Override
  public boolean requiresAuthentication() {
    return authenticator.required();
  }

  /** The largest body accepted; hosts read at most one byte more. */
  @Override
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * What the method and headers alone decide: 405, 415, 413 (declared length), 401 (missing
   * credentials, a wrong token, a malformed signature header). Empty when the body must be read.
   *
   * @param headers the request's headers, looked up ignoring case
   */
  @Override
  public Optional<WebhookResponse> preflight(
      String method, java.util.function.Function<String, String> headers) {
    Optional<WebhookResponse> framing = checkFraming(method, headers);
    if (framing.isPresent()) {
      return framing;
    }
    return authenticator.rejectHeaders(headers).map(reason -> error(401, reason));
  }

  /** 405, 415 and 413 for a declared length: what comes before authentication. */
  private Optional<WebhookResponse> checkFraming(
      String method, java.util.function.Function<String, String> headers) {
    if (!method.equalsIgnoreCase("POST")) {
      return Optional.of(error(405, "only POST is accepted"));
    }
    String contentType = headers.apply("Content-Type");
    if (!isJson(contentType)) {
      return Optional.of(
          error(
              415,
              "Content-Type must be application/json"
                  + (contentType == null ? " (none was sent)" : " (got '" + contentType + "')")));
    }
    if (declaredLength(headers) > maxBodyBytes) {
      return Optional.of(tooLarge());
    }
    return Optional.empty();
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
      body.put("reason", ControlCharacters.escape(result.ignoredReason()));
      return new WebhookResponse(202, json(body));
    }
    for (SyncEvent event : result.events()) {
      Optional<String> wildcard = wildcardFromPayload(event);
      if (wildcard.isPresent()) {
        return error(400, wildcard.get());
      }
    }
    Instant now = clock.instant();
    List<SyncEvent> events = result.events().stream().map(e -> e.withTimeIfMissing(now)).toList();
    events.forEach(sink);
    return new WebhookResponse(200, "{\"status\":\"accepted\",\"events\":" + events.size() + "}");
  }

  /**
   * A {@link Target#ANY} the payload wrote itself. A wildcard in an event stands only for a part
   * the source's format cannot report (gitops-connector's Argo CD body names no application, the
   * Argo CD template may omit the namespace); Flux always names both, and a name is never {@code *}
   * in Kubernetes. Without this check a payload naming {@code *} would count for every target of
   * its kind.
   */
  private static Optional<String> wildcardFromPayload(SyncEvent event) {
    Set<String> omittable = OMITTABLE_PARTS.getOrDefault(event.source(), Set.of());
    Target target = event.target();
    if (target.namespace().equals(Target.ANY) && !omittable.contains("namespace")) {
      return Optional.of(
          "the payload names namespace '*', which is not a Kubernetes name (wildcards come only"
              + " from the waits' targets)");
    }
    if (target.name().equals(Target.ANY) && !omittable.contains("name")) {
      return Optional.of(
          "the payload names name '*', which is not a Kubernetes name (wildcards come only from"
              + " the waits' targets)");
    }
    return Optional.empty();
  }

  /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}). */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon >= 0 ? contentType.substring(0, semicolon) : contentType;
    return mediaType.trim().equalsIgnoreCase("application/json");
  }

  private WebhookResponse tooLarge() {
    return error(413, "body is larger than " + maxBodyBytes + " bytes");
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

  private static long declaredLength(java.util.function.Function<String, String> headers) {
    String length = headers.apply("Content-Length");
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
    body.put("error", ControlCharacters.escape(reason));
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
