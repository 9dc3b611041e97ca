package io.gitopspipeline.scm.gitlab;

import io.gitopspipeline.net.BoundedHttp;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.message.internal.Statuses;

/**
 * The Jersey connector gitlab4j-api talks through: java.net.http via {@link BoundedHttp}, so each
 * exchange ends by its deadline (body included) and stops reading at its size cap, and no redirect
 * is ever followed (Jersey's default connector follows one to any host, {@code PRIVATE-TOKEN}
 * header and all).
 *
 * <p>gitlab4j builds its Jersey client itself; the only way in is the {@code
 * jersey.config.client.connector.provider} property, which names a class Jersey creates with its
 * no-argument constructor. The limits come from the client's properties {@link #DEADLINE} and
 * {@link #MAX_BYTES}.
 */
public final class BoundedConnectorProvider implements ConnectorProvider {
  /** A {@link Duration}: the deadline of one exchange. */
  static final String DEADLINE = "io.gitopspipeline.http.deadline";

  /** A {@link Long}: the most body bytes one answer may have. */
  static final String MAX_BYTES = "io.gitopspipeline.http.maxBytes";

  // java.net.http sets these itself and refuses them from callers
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  public BoundedConnectorProvider() {
    // created by Jersey by name
  }

  @Override
  public Connector getConnector(Client client, Configuration configuration) {
    Object deadline = configuration.getProperty(DEADLINE);
    Object maxBytes = configuration.getProperty(MAX_BYTES);
    if (!(deadline instanceof Duration d) || !(maxBytes instanceof Long max)) {
      throw new IllegalStateException(
          "the bounded GitLab connector needs the "
              + DEADLINE
              + " and "
              + MAX_BYTES
              + " properties");
    }
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(d.compareTo(Duration.ofSeconds(30)) < 0 ? d : Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (client.getSslContext() != null) {
      http.sslContext(client.getSslContext());
    }
    return new BoundedConnector(http.build(), d, max);
  }

  private record BoundedConnector(HttpClient http, Duration deadline, long maxBytes)
      implements Connector {
    @Override
    public ClientResponse apply(ClientRequest request) {
      try {
        byte[] entity = null;
        if (request.hasEntity()) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          request.setStreamProvider(contentLength -> out);
          request.writeEntity();
          entity = out.toByteArray();
        }
        HttpRequest.Builder builder =
            HttpRequest.newBuilder(request.getUri())
                .timeout(deadline)
                .method(
                    request.getMethod(),
                    entity == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(entity));
        for (Map.Entry<String, List<String>> header : request.getStringHeaders().entrySet()) {
          if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
            header.getValue().forEach(value -> builder.header(header.getKey(), value));
          }
        }
        HttpResponse<byte[]> answer = BoundedHttp.send(http, builder.build(), deadline, maxBytes);
        ClientResponse response = new ClientResponse(Statuses.from(answer.statusCode()), request);
        answer
            .headers()
            .map()
            .forEach((name, values) -> response.getHeaders().addAll(name, values));
        response.setEntityStream(new ByteArrayInputStream(answer.body()));
        return response;
      } catch (IOException e) {
        throw new ProcessingException(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProcessingException("interrupted while talking to GitLab", e);
      }
    }

    @Override
    public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
      try {
        ClientResponse response = apply(request);
        callback.response(response);
        return CompletableFuture.completedFuture(response);
      } catch (ProcessingException e) {
        callback.failure(e);
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public String getName() {
      return "gitops-pipeline bounded java.net.http";
    }

    @Override
    public void close() {
      // the HttpClient has nothing to release before Java 21
    }
  }
}
