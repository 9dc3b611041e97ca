package io.gitopspipeline.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's HTTP server in front of a {@link WebhookHandler}, for {@code gitops sync wait --listen}
 * and {@code gitops sync serve}. Serves {@value #PATH} and every path below it ({@code
 * /gitops-webhook/flux}, {@code /gitops-webhook/argocd}) and gitops-connector's {@code
 * /gitopsphase}.
 */
public final class WebhookServer implements AutoCloseable {
  /** The path prefix events are posted to. */
  public static final String PATH = "/gitops-webhook";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;
  private final Phaser inFlight;

  private WebhookServer(HttpServer server, ExecutorService executor, String host, Phaser inFlight) {
    this.server = server;
    this.executor = executor;
    this.host = host;
    this.inFlight = inFlight;
  }

  /**
   * Binds and starts accepting requests before it returns.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, 0 for any free one
   */
  public static WebhookServer start(String host, int port, WebhookHandler handler)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread thread = new Thread(r, "gitops-webhook");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    Phaser inFlight = new Phaser(1);
    com.sun.net.httpserver.HttpHandler counted =
        exchange -> {
          inFlight.register();
          try {
            serve(exchange, handler);
          } finally {
            inFlight.arriveAndDeregister();
          }
        };
    server.createContext(PATH, counted);
    server.createContext("/gitopsphase", counted);
    server.start();
    return new WebhookServer(server, executor, host, inFlight);
  }

  /** Where to post events, e.g. {@code http://127.0.0.1:8080/gitops-webhook}. */
  public URI uri() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shownHost + ":" + server.getAddress().getPort() + PATH);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops accepting and lets requests in progress answer (up to 2 s): the request whose event
   * completed a wait is usually still writing its response when the wait's owner closes us.
   */
  @Override
  public void close() {
    try {
      inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), 2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      // a stuck client; stop anyway
    }
    server.stop(0);
    executor.shutdown();
  }

  private static void serve(HttpExchange exchange, WebhookHandler handler) throws IOException {
    try (exchange) {
      Map<String, String> headers = new HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!values.isEmpty()) {
                  headers.put(name, values.get(0));
                }
              });
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(handler.maxBodyBytes() + 1);
      }
      WebhookResponse response;
      try {
        response =
            handler.handle(
                new WebhookRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    headers,
                    body));
      } catch (RuntimeException e) {
        // the sink (a host's listener) failed; answer rather than drop the connection
        response =
            new WebhookResponse(
                500,
                "{\"status\":\"error\",\"error\":\"internal error ("
                    + e.getClass().getSimpleName()
                    + ")\"}");
      }
      byte[] json = response.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", WebhookResponse.CONTENT_TYPE);
      exchange.sendResponseHeaders(response.status(), json.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(json);
      }
    }
  }
}
