package io.gitopspipeline.repo;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * A real smart-HTTP git server for tests: JGit's GitServlet on Jetty 12 on 127.0.0.1, serving the
 * bare repositories under a root directory, with HTTP basic authentication and an optional
 * pre-receive hook. Public for the CLI's end-to-end tests (through core's test-jar).
 */
public final class HttpGitServer implements AutoCloseable {
  private final Server server;
  private volatile PreReceiveHook preReceiveHook = PreReceiveHook.NULL;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();

  public HttpGitServer(Path root, String username, String password) throws Exception {
    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (request, name) -> {
          Path dir = root.resolve(name).normalize();
          if (!dir.startsWith(root)) {
            throw new ServiceNotEnabledException();
          }
          if (!java.nio.file.Files.isDirectory(dir.resolve("objects"))) {
            throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
          }
          try {
            return new FileRepository(dir.toFile());
          } catch (java.io.IOException e) {
            throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name, e);
          }
        });
    git.setReceivePackFactory(
        (request, repo) -> {
          ReceivePack receive = new ReceivePack(repo);
          receive.setPreReceiveHook(preReceiveHook);
          return receive;
        });
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    Filter basicAuth =
        (request, response, chain) -> {
          HttpServletRequest http = (HttpServletRequest) request;
          String path = http.getRequestURI();
          for (Map.Entry<String, String> redirect : redirects.entrySet()) {
            String from = "/git/" + redirect.getKey() + "/";
            if (path.startsWith(from)) {
              String query = http.getQueryString() == null ? "" : "?" + http.getQueryString();
              HttpServletResponse out = (HttpServletResponse) response;
              out.setStatus(301);
              out.setHeader(
                  "Location",
                  "/git/" + redirect.getValue() + "/" + path.substring(from.length()) + query);
              return;
            }
          }
          if (http.getHeader("Authorization") != null) {
            authorizations.add(http.getHeader("Authorization"));
          }
          if (!expected.equals(http.getHeader("Authorization"))) {
            HttpServletResponse out = (HttpServletResponse) response;
            out.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
            out.sendError(401);
            return;
          }
          chain.doFilter(request, response);
        };
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new FilterHolder(basicAuth), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(git), "/git/*");
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setHandler(context);
    server.start();
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public String url(String repository) {
    return "http://127.0.0.1:" + port() + "/git/" + repository;
  }

  /** Answers requests for repository {@code from} with a permanent redirect to {@code to}. */
  public void redirect(String from, String to) {
    redirects.put(from, to);
  }

  /** Every Authorization header the server received, in order. */
  public List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  public void preReceive(PreReceiveHook hook) {
    this.preReceiveHook = hook;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
