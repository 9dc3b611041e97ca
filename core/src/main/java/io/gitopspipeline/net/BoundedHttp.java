package io.gitopspipeline.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one request on a {@link HttpClient} and reads the whole answer within a deadline, keeping
 * at most a given number of body bytes.
 *
 * <p>{@link HttpRequest.Builder#timeout} only covers the wait for the response headers; a server
 * that then sends its body a byte at a time would hold {@link HttpClient#send} forever. Here the
 * deadline runs from the start of the request to the last body byte, and a body past the cap
 * cancels the exchange (closing the connection) instead of being buffered.
 */
public final class BoundedHttp {
  private BoundedHttp() {}

  /**
   * The answer to {@code request}, its body read whole.
   *
   * @param deadline the longest the exchange may take, from sending to the last body byte
   * @param maxBytes the most body bytes accepted
   * @throws HttpTimeoutException when the deadline passes first
   * @throws BodyTooLargeException when the body grows past {@code maxBytes}
   * @throws IOException when the exchange fails otherwise
   */
  public static HttpResponse<byte[]> send(
      HttpClient client, HttpRequest request, Duration deadline, long maxBytes)
      throws IOException, InterruptedException {
    AtomicReference<CappedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> answer =
        client.sendAsync(
            request,
            info -> {
              CappedBody capped = new CappedBody(maxBytes);
              body.set(capped);
              return capped;
            });
    try {
      return answer.get(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      abort(answer, body.get());
      throw new HttpTimeoutException(
          "no complete answer within " + deadline.toMillis() + " ms (headers and body)");
    } catch (InterruptedException e) {
      abort(answer, body.get());
      throw e;
    } catch (ExecutionException e) {
      // cancelling the body can fail the exchange with the connection's own error first
      CappedBody capped = body.get();
      if (capped != null && capped.stopped != null) {
        throw capped.stopped;
      }
      throw unwrap(e.getCause());
    } catch (CancellationException e) {
      throw new IOException("the exchange was cancelled", e);
    }
  }

  private static void abort(CompletableFuture<?> answer, CappedBody body) {
    if (body != null) {
      body.cancel();
    }
    answer.cancel(true);
  }

  private static IOException unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IOException io) {
      return io;
    }
    return new IOException(cause.getClass().getSimpleName(), cause);
  }

  /** Collects the body, cancelling the subscription as soon as it passes the cap. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long maxBytes;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private long size;
    private volatile IOException stopped;

    CappedBody(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      if (!subscription.compareAndSet(null, s) || result.isDone()) {
        s.cancel();
        return;
      }
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        size += item.remaining();
        if (size > maxBytes) {
          stop(new BodyTooLargeException(maxBytes));
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
      subscription.get().request(1);
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }

    /** Abandons the body: the connection is closed rather than drained. */
    void cancel() {
      stop(new HttpTimeoutException("the exchange was abandoned"));
    }

    private void stop(IOException reason) {
      if (stopped == null) {
        stopped = reason;
      }
      result.completeExceptionally(reason);
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
    }
  }
}
