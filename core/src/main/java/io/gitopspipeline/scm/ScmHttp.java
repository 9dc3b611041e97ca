package io.gitopspipeline.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.net.BodyTooLargeException;
import io.gitopspipeline.net.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A small JSON-over-HTTP client for the providers without a well-kept Java library (Azure DevOps,
 * Bitbucket, Gitea) and for GitHub's GraphQL API. It waits out rate limits within {@link
 * ScmContext#maxRateLimitWait()} and turns error statuses into messages that name the provider, the
 * repository and, for 401/403, the token scope usually needed. It never puts a header value in a
 * message.
 */
public final class ScmHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 6;

  private final ProviderType type;
  private final RepositoryId repository;
  private final ScmContext context;
  private final Supplier<Map<String, String>> headers;
  private final HttpClient client;

  /**
   * @param headers the headers of every request, typically {@code Authorization}; asked for each
   *     request so a token can be refreshed
   */
  public ScmHttp(
      ProviderType type,
      RepositoryId repository,
      ScmContext context,
      Supplier<Map<String, String>> headers) {
    this.type = Objects.requireNonNull(type);
    this.repository = Objects.requireNonNull(repository);
    this.context = Objects.requireNonNull(context);
    this.headers = Objects.requireNonNull(headers);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A fresh JSON object to fill in as a request body. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** The shared JSON mapper (thread-safe). */
  public static ObjectMapper json() {
    return JSON;
  }

  /** Encodes one URL path segment (a branch, a project name with spaces). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Encodes one query parameter value. */
  public static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Whether {@code link} is on the same scheme, host and port as {@code api} (a missing port is the
   * scheme's default): a link a server hands out (a next page) is followed with the token only
   * there.
   */
  public static boolean sameOrigin(URI api, URI link) {
    return api.getScheme() != null
        && api.getScheme().equalsIgnoreCase(String.valueOf(link.getScheme()))
        && api.getHost() != null
        && api.getHost().equalsIgnoreCase(String.valueOf(link.getHost()))
        && port(api) == port(link);
  }

  /**
   * A link's host, and its port when it names one: what messages about {@link #sameOrigin} show.
   */
  public static String hostAndPort(URI uri) {
    return uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /**
   * Whether {@code url} exists in the repository at {@code repositoryUrl}. The repository is asked
   * first, so a missing repository fails as such instead of passing for a missing resource.
   */
  public boolean existsIn(String repositoryUrl, String url) throws GitOpsException {
    try {
      get(repositoryUrl);
    } catch (ScmNotFoundException e) {
      throw ScmFailures.repositoryMissing(type, repository);
    }
    try {
      get(url);
      return true;
    } catch (ScmNotFoundException e) {
      return false;
    }
  }

  public JsonNode get(String url) throws GitOpsException {
    return send("GET", url, null).body();
  }

  public JsonNode post(String url, JsonNode body) throws GitOpsException {
    return send("POST", url, body).body();
  }

  public JsonNode put(String url, JsonNode body) throws GitOpsException {
    return send("PUT", url, body).body();
  }

  public JsonNode patch(String url, JsonNode body) throws GitOpsException {
    return send("PATCH", url, body).body();
  }

  /** A successful (2xx) response; an empty body is a missing node, never null. */
  public record Response(int status, JsonNode body, Map<String, List<String>> headers) {
    /** A header's first value, case-insensitively, or null. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
        if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue().isEmpty() ? null : entry.getValue().get(0);
        }
      }
      return null;
    }
  }

  /**
   * Sends a request and returns a successful response; waits out rate limits, throws for every
   * status of 400 and above.
   */
  public Response send(String method, String url, JsonNode body) throws GitOpsException {
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response = exchange(method, url, body);
      int status = response.statusCode();
      var responseHeaders = response.headers();
      if (RateLimits.isRateLimited(status, name -> responseHeaders.firstValue(name).orElse(null))
          && attempt < MAX_ATTEMPTS) {
        Duration wait =
            RateLimits.waitTime(
                    name -> responseHeaders.firstValue(name).orElse(null),
                    context.clock().instant())
                .orElse(Duration.ofSeconds(1L << Math.min(attempt, 5)));
        if (waited.plus(wait).compareTo(context.maxRateLimitWait()) > 0) {
          throw new OperationTimedOutException(
              type.displayName()
                  + " rate limit reached for "
                  + repository
                  + " and it resets in "
                  + wait.toSeconds()
                  + "s, later than the "
                  + context.maxRateLimitWait().toSeconds()
                  + "s allowed; retry later or raise the timeout");
        }
        context
            .progress()
            .warn(
                "scm",
                type.displayName()
                    + " rate limit reached; waiting "
                    + wait.toSeconds()
                    + "s before retrying");
        sleep(wait);
        waited = waited.plus(wait);
        continue;
      }
      JsonNode json = parse(response.body());
      if (status == 203 && json == null) {
        // Azure DevOps answers a rejected PAT with 203 and an HTML sign-in page
        throw failure(401, null, method, url);
      }
      if (status >= 300 && status < 400) {
        throw new GitOpsException(
            type.displayName()
                + " answered "
                + method
                + " "
                + URI.create(url).getPath()
                + " with a redirect (HTTP "
                + status
                + "); set --server-url to the API address itself");
      }
      if (status >= 400) {
        throw failure(status, json, method, url);
      }
      return new Response(
          status, json == null ? MissingNode.getInstance() : json, responseHeaders.map());
    }
  }

  private HttpResponse<byte[]> exchange(String method, String url, JsonNode body)
      throws GitOpsException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(context.requestTimeout())
            .header("Accept", "application/json");
    headers.get().forEach(request::header);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      return BoundedHttp.send(
          client, request.build(), context.requestTimeout(), context.maxResponseBytes());
    } catch (HttpTimeoutException e) {
      throw tooSlow(type, method + " " + URI.create(url).getPath(), context.requestTimeout());
    } catch (BodyTooLargeException e) {
      throw tooLarge(type, repository, method + " " + URI.create(url).getPath(), e.maxBytes());
    } catch (IOException e) {
      throw new ScmUnavailableException(
          "cannot reach "
              + type.displayName()
              + " at "
              + URI.create(url).getHost()
              + " ("
              + e.getClass().getSimpleName()
              + "); check --server-url and the network");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while talking to " + type.displayName());
    }
  }

  private void sleep(Duration wait) throws GitOpsException {
    try {
      context.sleeper().sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while waiting out a rate limit");
    }
  }

  /**
   * The failure for an exchange that did not complete (headers and body) within its deadline;
   * shared with the library-based providers. Retryable: the pollers try again later.
   */
  public static ScmUnavailableException tooSlow(
      ProviderType type, String request, Duration deadline) {
    return new ScmUnavailableException(
        type.displayName()
            + " did not answer "
            + request
            + " completely within "
            + deadline.toSeconds()
            + "s (headers and body); the server or the network is too slow, try again later");
  }

  /** The failure for an answer past the size cap; shared with the library-based providers. */
  public static GitOpsException tooLarge(
      ProviderType type, RepositoryId repository, String request, long maxBytes) {
    return new GitOpsException(
        type.displayName()
            + " sent more than "
            + maxBytes
            + " bytes for "
            + request
            + " on repository "
            + repository
            + "; refusing an oversized answer (check --server-url)");
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private GitOpsException failure(int status, JsonNode json, String method, String url) {
    return ScmFailures.forStatus(
        type, repository, status, providerMessage(json), method + " " + URI.create(url).getPath());
  }

  /** The error text a provider put in its JSON error body, cut to a sensible length. */
  public static String providerMessage(JsonNode json) {
    if (json == null) {
      return null;
    }
    String text = null;
    if (json.path("errors").isArray() && json.path("errors").size() > 0) {
      JsonNode first = json.path("errors").get(0);
      text = first.isTextual() ? first.asText() : first.path("message").asText(null);
    }
    if (text == null && json.path("error").isObject()) {
      text = json.path("error").path("message").asText(null);
    }
    if (text == null && json.path("error").isTextual()) {
      text = json.path("error").asText();
    }
    if (text == null && json.path("message").isTextual()) {
      text = json.path("message").asText();
    }
    if (text == null && json.path("message").isObject()) {
      text = json.path("message").toString();
    }
    return ScmFailures.clean(text);
  }
}
