package io.gitopspipeline.sync;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server in front of a {@link WebhookHandler}, for {@code gitops sync wait --listen} and
 * {@code gitops sync serve}: Jetty 12 (core, no servlets) on one connector. Serves exactly {@value
 * #PATH}, {@code /gitops-webhook/flux}, {@code /gitops-webhook/argocd} and gitops-connector's
 * {@code /gitopsphase}.
 *
 * <p>Built so that peers that never finish their request cannot keep a correctly signed event out:
 *
 * <ul>
 *   <li>reading is asynchronous, so a slow peer holds a connection, never a worker thread;
 *   <li>a connection must deliver its request line and headers within {@link
 *       Limits#headerDeadline()} of being accepted (else it is closed) and its body within {@link
 *       Limits#bodyDeadline()} of the headers (else 408), whatever the pace of its bytes; a
 *       connection silent for {@link Limits#idleTimeout()} is closed;
 *   <li>one request per connection (answers carry {@code Connection: close}), so the deadlines are
 *       per request;
 *   <li>headers are capped at 8 KiB (Jetty answers 431), a declared {@code Content-Length} over the
 *       handler's cap is answered 413 before any body byte is read, and a body without a length is
 *       cut at the cap while it is read;
 *   <li>what the headers decide ({@link WebhookHandler#preflight}: method, content type, length,
 *       credentials) is answered before the body is read;
 *   <li>at most {@link Limits#maxConnections()} connections are open; more wait in the accept
 *       backlog.
 * </ul>
 */
public final class WebhookServer implements AutoCloseable {
  /** The path events are posted to; the source may follow as one more segment. */
  public static final String PATH = "/gitops-webhook";

  /** The exact paths served; anything else is 404. */
  static final Set<String> PATHS = Set.of(PATH, PATH + "/flux", PATH + "/argocd", "/gitopsphase");

  /**
   * The receiver's bounds.
   *
   * @param threads the worker pool's size (Jetty's acceptor and selector included)
   * @param headerDeadline from accepting a connection to having its request's headers
   * @param bodyDeadline from the headers to the body's last byte
   * @param idleTimeout how long a connection may send nothing
   * @param maxConnections connections open at once
   */
  public record Limits(
      int threads,
      Duration headerDeadline,
      Duration bodyDeadline,
      Duration idleTimeout,
      int maxConnections) {
    /** 8 threads, 5 s for the headers, 10 s for the body, 5 s idle, 256 connections. */
    public static final Limits DEFAULT =
        new Limits(8, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5), 256);
  }

  /** Largest request line plus headers; Flux and Argo CD send well under 2 KiB. */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final String host;

  private WebhookServer(Server server, ServerConnector connector, String host) {
    this.server = server;
    this.connector = connector;
    this.host = host;
  }

  /**
   * Binds and starts accepting requests before it returns.
   *
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port, 0 for any free one
   */
  public static WebhookServer start(String host, int port, WebhookHandler handler)
      throws IOException {
    return start(host, port, handler, Limits.DEFAULT);
  }

  /** As {@link #start(String, int, WebhookHandler)}, with other bounds. */
  public static WebhookServer start(String host, int port, WebhookHandler handler, Limits limits)
      throws IOException {
    return start(host, port, reconcilerRoutes(handler), limits);
  }

  /** The reconcilers' exact paths ({@link #PATHS}), all served by {@code handler}. */
  public static Map<String, WebhookEndpoint> reconcilerRoutes(WebhookHandler handler) {
    Map<String, WebhookEndpoint> routes = new LinkedHashMap<>();
    for (String path : PATHS) {
      routes.put(path, handler);
    }
    return routes;
  }

  /**
   * Serves each exact path of {@code routes} with its endpoint (e.g. the reconcilers' paths plus
   * {@code /gitops-webhook/scm/<provider>}); any other path is 404.
   */
  public static WebhookServer start(
      String host, int port, Map<String, ? extends WebhookEndpoint> routes, Limits limits)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(limits.threads(), 2);
    threads.setName("gitops-webhook");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    Server server = new Server(threads);

    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setPersistentConnectionsEnabled(false);
    // call the handler as soon as the headers are in, so a declared length is refused at once
    http.setDelayDispatchUntilContent(false);

    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    HeaderDeadline headerDeadline = new HeaderDeadline(connector, limits.headerDeadline());
    connector.addBean(headerDeadline);
    connector.addBean(new ConnectionLimit(limits.maxConnections(), connector));
    server.addConnector(connector);

    GracefulHandler graceful = new GracefulHandler();
    graceful.setHandler(
        new WebhookJettyHandler(Map.copyOf(routes), headerDeadline, limits.bodyDeadline()));
    server.setHandler(graceful);
    server.setErrorHandler(WebhookJettyHandler::answerJettyError);
    // lets the request whose event completed a wait answer when the wait's owner closes us
    server.setStopTimeout(2000);
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw e;
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException(e.getMessage(), e);
    }
    return new WebhookServer(server, connector, host);
  }

  /** Where to post events, e.g. {@code http://127.0.0.1:8080/gitops-webhook}. */
  public URI uri() {
    String shownHost = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + shownHost + ":" + port() + PATH);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Stops accepting and lets requests in progress answer (up to 2 s): the request whose event
   * completed a wait is usually still writing its response when the wait's owner closes us.
   */
  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway; nothing a caller could do about it
    }
  }
}
