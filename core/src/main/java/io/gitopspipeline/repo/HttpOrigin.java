package io.gitopspipeline.repo;

import io.gitopspipeline.api.Urls;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.util.Locale;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * The origin (scheme, host, port) of an HTTP(S) remote: the only place its credentials may go. JGit
 * follows a remote's redirects, also to other hosts, and then answers that host's challenge with
 * the same credentials; {@link #guard} makes every connection to another origin fail instead.
 */
record HttpOrigin(String scheme, String host, int port) {
  HttpOrigin {
    scheme = scheme.toLowerCase(Locale.ROOT);
    host = host == null ? "" : host.toLowerCase(Locale.ROOT);
    port = port > 0 ? port : defaultPort(scheme);
  }

  static boolean isHttp(URIish uri) {
    String scheme = uri.getScheme();
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
  }

  static HttpOrigin of(URIish uri) {
    return new HttpOrigin(uri.getScheme(), uri.getHost(), uri.getPort());
  }

  static HttpOrigin of(URL url) {
    return new HttpOrigin(url.getProtocol(), url.getHost(), url.getPort());
  }

  boolean matches(URIish uri) {
    return uri != null && uri.getScheme() != null && equals(of(uri));
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }

  /** Wraps JGit's connection factory so that it opens connections to this origin only. */
  HttpConnectionFactory guard(HttpConnectionFactory factory) {
    return new Guard(this, factory);
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "https" -> 443;
      case "http" -> 80;
      default -> -1;
    };
  }

  private record Guard(HttpOrigin origin, HttpConnectionFactory delegate)
      implements HttpConnectionFactory2 {
    @Override
    public HttpConnection create(URL url) throws IOException {
      check(url);
      return delegate.create(url);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
      check(url);
      return delegate.create(url, proxy);
    }

    @Override
    public GitSession newSession() {
      // JGit configures TLS through the session when the factory offers one.
      return delegate instanceof HttpConnectionFactory2 sessions ? sessions.newSession() : null;
    }

    private void check(URL url) throws TransportException {
      if (!origin.equals(HttpOrigin.of(url))) {
        // A TransportException reaches the caller as it is, so this message is what users see.
        throw new TransportException(
            "the remote redirected to "
                + Urls.maskUserInfo(url.toString())
                + ", which is not its origin "
                + origin
                + "; credentials are only sent to the configured origin, so the redirect is"
                + " refused: give the URL it redirects to as the repository if you trust that"
                + " server");
      }
    }
  }
}
