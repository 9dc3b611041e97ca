package io.gitopspipeline.net;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on 127.0.0.1 whose answers are a 200 with a body that never ends: it writes until
 * the client hangs up, and counts what it wrote. WireMock holds a body in memory, so it cannot
 * serve one larger than the test's heap; this one proves a client stops reading at its cap.
 */
public final class EndlessBodyServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicLong written = new AtomicLong();
  private final CountDownLatch hungUp = new CountDownLatch(1);

  public EndlessBodyServer(String contentType) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", contentType);
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) ' ');
          try (OutputStream out = exchange.getResponseBody()) {
            out.write('[');
            while (true) {
              out.write(chunk);
              written.addAndGet(chunk.length);
            }
          } catch (IOException clientLeft) {
            hungUp.countDown();
          } finally {
            exchange.close();
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The body bytes written once the client hung up; fails when it does not within a minute. */
  public long writtenWhenClientHungUp() throws InterruptedException {
    if (!hungUp.await(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the client kept reading the endless body");
    }
    return written.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
