package io.gitopspipeline.scm.github;

import io.gitopspipeline.net.BoundedHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * The connector github-api talks through: java.net.http via {@link BoundedHttp}, so each exchange
 * ends by its deadline (body included) and stops reading at its size cap. github-api's own
 * connectors bound only the wait for the headers. Bodies are asked for without compression, so the
 * cap is on what the client keeps, not on a gzip stream that could unpack to far more.
 */
final class BoundedGitHubConnector implements GitHubConnector {
  // java.net.http sets these itself and refuses them from callers
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "accept-encoding");

  private final HttpClient http;
  private final Duration deadline;
  private final long maxBytes;

  BoundedGitHubConnector(Duration deadline, long maxBytes) {
    this.deadline = deadline;
    this.maxBytes = maxBytes;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(
                deadline.compareTo(Duration.ofSeconds(30)) < 0 ? deadline : Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(request.url().toURI()).timeout(deadline);
    } catch (URISyntaxException e) {
      throw new IOException("unreadable request address", e);
    }
    boolean typed = false;
    for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (header.getValue() == null || RESTRICTED.contains(name)) {
        continue;
      }
      typed |= name.equals("content-type");
      header.getValue().forEach(value -> builder.header(header.getKey(), value));
    }
    if (request.hasBody()) {
      if (!typed && request.contentType() != null) {
        builder.header("Content-Type", request.contentType());
      }
      byte[] body;
      try (InputStream in = request.body()) {
        body = in.readAllBytes();
      }
      builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> answer;
    try {
      answer = BoundedHttp.send(http, builder.build(), deadline, maxBytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to GitHub");
    }
    byte[] body = answer.body();
    return new GitHubConnectorResponse.ByteArrayResponse(
        request, answer.statusCode(), answer.headers().map()) {
      @Override
      protected InputStream rawBodyStream() {
        return new ByteArrayInputStream(body);
      }
    };
  }
}
