package io.gitopspipeline.repo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An HTTP server on 127.0.0.1 that redirects every request to the same path on another base. */
final class RedirectingServer implements AutoCloseable {
  private final Server server;

  RedirectingServer(String targetBase, int status) throws Exception {
    HttpServlet redirect =
        new HttpServlet() {
          @Override
          protected void service(HttpServletRequest request, HttpServletResponse response) {
            String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
            response.setStatus(status);
            response.setHeader("Location", targetBase + request.getRequestURI() + query);
          }
        };
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(redirect), "/*");
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setHandler(context);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:"
        + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
        + "/git/"
        + path;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
