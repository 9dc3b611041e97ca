package io.gitopspipeline.sync;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Adapts Jetty's requests to {@link WebhookHandler}: exact paths, the handler's header checks
 * before any body byte is read, then the body read without blocking a thread, capped at the
 * handler's limit and bounded by a deadline.
 */
final class WebhookJettyHandler extends Handler.Abstract {
  private final Map<String, WebhookEndpoint> routes;
  private final HeaderDeadline headerDeadline;
  private final long bodyDeadlineMillis;

  WebhookJettyHandler(
      Map<String, WebhookEndpoint> routes, HeaderDeadline headerDeadline, Duration bodyDeadline) {
    this.routes = routes;
    this.headerDeadline = headerDeadline;
    this.bodyDeadlineMillis = bodyDeadline.toMillis();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    headerDeadline.headersArrived(request.getConnectionMetaData().getConnection());
    String path = request.getHttpURI().getPath();
    WebhookEndpoint handler = path == null ? null : routes.get(path);
    if (handler == null) {
      answer(response, callback, rejected(404, "no such path; post to " + WebhookServer.PATH));
      return true;
    }
    if (!handler.requiresAuthentication() && !isLoopbackName(request.getHttpURI().getHost())) {
      // DNS rebinding: a page whose name now resolves to 127.0.0.1 posts as its own origin
      answer(
          response,
          callback,
          rejected(421, "an unauthenticated receiver answers only to a loopback Host"));
      return true;
    }
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.putIfAbsent(field.getName().toLowerCase(java.util.Locale.ROOT), field.getValue());
    }
    WebhookRequest prototype = new WebhookRequest(request.getMethod(), path, headers, null);
    Optional<WebhookResponse> early = handler.preflight(prototype.method(), prototype::header);
    if (early.isPresent()) {
      answer(response, callback, early.get());
      return true;
    }
    new BodyReader(handler, request, response, callback, prototype).start();
    return true;
  }

  /** Reads one request's body as it arrives; answers once, whichever of body or deadline first. */
  private final class BodyReader implements Runnable {
    private final WebhookEndpoint handler;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final WebhookRequest prototype;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean answered = new AtomicBoolean();
    private Scheduler.Task deadline;

    BodyReader(
        WebhookEndpoint handler,
        Request request,
        Response response,
        Callback callback,
        WebhookRequest prototype) {
      this.handler = handler;
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.prototype = prototype;
    }

    void start() {
      deadline =
          request
              .getComponents()
              .getScheduler()
              .schedule(this::expire, bodyDeadlineMillis, TimeUnit.MILLISECONDS);
      run();
    }

    private void expire() {
      if (answered.compareAndSet(false, true)) {
        answer(
            response,
            callback,
            rejected(408, "the body did not arrive within " + bodyDeadlineMillis + " ms"));
      }
    }

    /** Reads what is there; asks to be called again when more arrives. */
    @Override
    public void run() {
      while (!answered.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        try {
          if (Content.Chunk.isFailure(chunk)) {
            finish(
                chunk.getFailure() instanceof TimeoutException
                    ? rejected(408, "the body stopped arriving")
                    : rejected(400, "the body could not be read"));
            return;
          }
          ByteBuffer bytes = chunk.getByteBuffer();
          if (body.size() + bytes.remaining() > handler.maxBodyBytes()) {
            // no Content-Length (chunked) or a body longer than declared: cut while reading
            finish(rejected(413, "body is larger than " + handler.maxBodyBytes() + " bytes"));
            return;
          }
          byte[] copy = new byte[bytes.remaining()];
          bytes.get(copy);
          body.writeBytes(copy);
          if (chunk.isLast()) {
            finish(
                handle(
                    handler,
                    new WebhookRequest(
                        prototype.method(),
                        prototype.path(),
                        prototype.headers(),
                        body.toByteArray())));
            return;
          }
        } finally {
          chunk.release();
        }
      }
    }

    private void finish(WebhookResponse answer) {
      if (answered.compareAndSet(false, true)) {
        deadline.cancel();
        answer(response, callback, answer);
      }
    }
  }

  /** {@code localhost} or a loopback address literal, as a Host header names them. */
  static boolean isLoopbackName(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(java.util.Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("::1")) {
      return true;
    }
    return name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static WebhookResponse handle(WebhookEndpoint handler, WebhookRequest request) {
    try {
      return handler.handle(request);
    } catch (RuntimeException e) {
      // the sink (a host's listener) failed; answer rather than drop the connection
      return new WebhookResponse(
          500,
          "{\"status\":\"error\",\"error\":\"internal error ("
              + e.getClass().getSimpleName()
              + ")\"}");
    }
  }

  /** Jetty's own refusals (a malformed request, headers over the size limit) as JSON too. */
  static boolean answerJettyError(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    answer(
        response,
        callback,
        rejected(
            status,
            status == 431
                ? "request headers are larger than " + WebhookServer.MAX_HEADER_BYTES + " bytes"
                : "the request is not valid HTTP"));
    return true;
  }

  private static WebhookResponse rejected(int status, String reason) {
    return new WebhookResponse(
        status, "{\"status\":\"rejected\",\"error\":\"" + reason.replace("\"", "'") + "\"}");
  }

  private static void answer(Response response, Callback callback, WebhookResponse answer) {
    byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, WebhookResponse.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
    response.write(true, ByteBuffer.wrap(json), callback);
  }
}
