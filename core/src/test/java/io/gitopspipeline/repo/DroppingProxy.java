package io.gitopspipeline.repo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on 127.0.0.1 that forwards to a server and cuts the connection in the middle of any
 * request to {@code git-receive-pack} once it has forwarded a few kilobytes of it: the network
 * dropping out during a push.
 */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final int targetPort;

  DroppingProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  private Void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        threads.submit(() -> pump(client, server, true));
        threads.submit(() -> pump(server, client, false));
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  private Void pump(Socket from, Socket to, boolean request) {
    byte[] buffer = new byte[1024];
    long forwardedBody = 0;
    boolean pushing = false;
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (request) {
          String chunk = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
          pushing = pushing || chunk.matches("(?s).*POST [^ ]*git-receive-pack.*");
          if (pushing) {
            forwardedBody += n;
            if (forwardedBody > 200) {
              from.close();
              to.close();
              return null;
            }
          }
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other direction closed
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
