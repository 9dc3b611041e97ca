package io.gitopspipeline.bench.scm;

import com.sun.net.httpserver.HttpServer;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.MergeSignals;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.webhook.MergeEventHub;
import io.gitopspipeline.scm.webhook.ScmWebhookHandler;
import io.gitopspipeline.sync.WebhookServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Merge → {@code waitForMerge} returns, webhook path against polling path, both through a real
 * Gitea provider client talking HTTP to a local fake Gitea API (JDK HttpServer on loopback) that
 * says "open" until the merge.
 *
 * <ul>
 *   <li>Event path, wall clock: for each wait, once its first poll has answered "open", a signed
 *       Gitea {@code pull_request closed merged} webhook is posted over loopback HTTP to the shared
 *       {@link WebhookServer}; latency = from sending the POST to {@code waitForMerge} returning.
 *   <li>Polling path at the default interval ({@link MergeWait#of}: 10 s doubling to 2 min), in
 *       virtual time: the merge happens at a uniformly random moment of the first 15 minutes, the
 *       API says "merged" from then on; latency = virtual time from the merge to the return (real
 *       HTTP polls, simulated sleeping: minutes of waiting cannot be run 200 times).
 * </ul>
 *
 * Usage: {@code java -cp bench/target/benchmarks.jar io.gitopspipeline.bench.scm.MergeWaitLatency
 * [waits]}.
 */
public final class MergeWaitLatency {
  private static final Secret SECRET = Secret.of("bench-webhook-secret");
  private static final String MERGE = "bffeb74224043ba2feb48d137756c8a9331c449a";
  private static final RepositoryId REPO = new RepositoryId(java.util.List.of("acme", "gitops"));

  private MergeWaitLatency() {}

  /** A clock the polling path's sleeper advances. */
  private static final class VirtualClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  public static void main(String[] args) throws Exception {
    int waits = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Map<Long, AtomicInteger> polls = new ConcurrentHashMap<>();
    Map<Long, Instant> mergedAt = new ConcurrentHashMap<>();
    VirtualClock virtual = new VirtualClock();
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/api/v1/repos/acme/gitops/pulls/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          long number = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
          Instant merge = mergedAt.get(number);
          boolean merged = merge != null && !virtual.now.isBefore(merge);
          byte[] body =
              ("{\"number\":"
                      + number
                      + ",\"state\":\""
                      + (merged ? "closed" : "open")
                      + "\",\"merged\":"
                      + merged
                      + (merged ? ",\"merge_commit_sha\":\"" + MERGE + "\"" : "")
                      + ",\"html_url\":\"http://gitea.local/acme/gitops/pulls/"
                      + number
                      + "\",\"head\":{\"ref\":\"promote\"},\"base\":{\"ref\":\"main\"},\"labels\":[]}")
                  .getBytes(StandardCharsets.UTF_8);
          polls.computeIfAbsent(number, n -> new AtomicInteger()).incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    api.start();
    URI apiUrl = URI.create("http://127.0.0.1:" + api.getAddress().getPort());
    try {
      long[] events = eventPath(waits, apiUrl, polls);
      long[] polling = pollingPath(waits, apiUrl, mergedAt, virtual);
      System.out.printf(
          "event path (wall, %d waits): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          waits, ms(events, 50), ms(events, 99), ms(events, 100));
      System.out.printf(
          "polling path at the default interval (virtual time, %d waits): p50 %.1f s, p99 %.1f s,"
              + " max %.1f s%n",
          waits, ms(polling, 50) / 1000, ms(polling, 99) / 1000, ms(polling, 100) / 1000);
    } catch (Exception e) {
      e.printStackTrace();
      api.stop(0);
      System.exit(1);
    }
    api.stop(0);
    System.exit(0); // the providers' HTTP clients keep non-daemon threads
  }

  private static long[] eventPath(int waits, URI apiUrl, Map<Long, AtomicInteger> polls)
      throws Exception {
    MergeEventHub hub = new MergeEventHub();
    ScmContext context = ScmContext.system(ProgressListener.NONE, Duration.ofMinutes(1));
    ScmProvider provider =
        ScmProviders.create(
            ScmConnection.withToken(ProviderType.GITEA, apiUrl, REPO, Secret.of("t")), context);
    PullRequestService service = new PullRequestService(provider, context);
    HttpClient client = HttpClient.newHttpClient();
    int warmup = 20;
    long[] latencies = new long[waits];
    try (WebhookServer server =
        WebhookServer.start(
            "127.0.0.1",
            0,
            ScmWebhookHandler.routes(Map.of(ProviderType.GITEA, SECRET), hub),
            WebhookServer.Limits.DEFAULT)) {
      URI hook = URI.create(server.uri() + "/scm/gitea");
      for (int i = 0; i < warmup + waits; i++) {
        long number = 1000 + i;
        MergeSignals signals = hub.subscribe(ProviderType.GITEA, REPO, number);
        CompletableFuture<Long> returned =
            CompletableFuture.supplyAsync(
                () -> {
                  try (signals) {
                    service.waitForMerge(number, MergeWait.of(Duration.ofMinutes(10)), signals);
                    return System.nanoTime();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        while (polls.getOrDefault(number, new AtomicInteger()).get() == 0) {
          Thread.sleep(1);
        }
        Thread.sleep(5); // the first poll's answer is being read: let the wait block on signals
        byte[] body = mergedPayload(number);
        HttpRequest post =
            HttpRequest.newBuilder(hook)
                .header("Content-Type", "application/json")
                .header("X-Gitea-Event", "pull_request")
                .header("X-Gitea-Signature", hmac(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long sent = System.nanoTime();
        HttpResponse<String> answer = client.send(post, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          throw new IllegalStateException("webhook answered " + answer.statusCode());
        }
        long back = returned.get(30, TimeUnit.SECONDS);
        if (i >= warmup) {
          latencies[i - warmup] = back - sent;
        }
      }
    }
    return latencies;
  }

  private static long[] pollingPath(
      int waits, URI apiUrl, Map<Long, Instant> mergedAt, VirtualClock virtual) throws Exception {
    ScmContext context =
        new ScmContext(
            virtual,
            duration -> virtual.now = virtual.now.plus(duration),
            ProgressListener.NONE,
            Duration.ofMinutes(1),
            Duration.ofSeconds(60));
    ScmProvider provider =
        ScmProviders.create(
            ScmConnection.withToken(ProviderType.GITEA, apiUrl, REPO, Secret.of("t")), context);
    PullRequestService service = new PullRequestService(provider, context);
    Random random = new Random(17);
    long[] latencies = new long[waits];
    for (int i = 0; i < waits; i++) {
      long number = 5000 + i;
      Instant start = virtual.now;
      Instant merge =
          start.plusMillis((long) (random.nextDouble() * Duration.ofMinutes(15).toMillis()));
      mergedAt.put(number, merge);
      service.waitForMerge(number, MergeWait.of(Duration.ofMinutes(30)));
      latencies[i] = Duration.between(merge, virtual.now).toNanos();
    }
    return latencies;
  }

  private static byte[] mergedPayload(long number) {
    return ("{\"action\":\"closed\",\"number\":"
            + number
            + ",\"pull_request\":{\"number\":"
            + number
            + ",\"state\":\"closed\",\"merged\":true,\"merge_commit_sha\":\""
            + MERGE
            + "\"},\"repository\":{\"full_name\":\"acme/gitops\"},\"sender\":{\"login\":\"bench\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static double ms(long[] nanos, int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index =
        percentile >= 100
            ? sorted.length - 1
            : (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
