package io.gitopspipeline.bench.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.sync.RevisionAncestry;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitRegistry;
import io.gitopspipeline.sync.WaitRequest;
import io.gitopspipeline.sync.WebhookAuthenticator;
import io.gitopspipeline.sync.WebhookHandler;
import io.gitopspipeline.sync.WebhookRequest;
import io.gitopspipeline.sync.WebhookResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One webhook request through authentication (HMAC-SHA256 over the body), parsing and matching
 * against {@code waits} registered waits, as notification-controller would post it. The events
 * cycle over the waits' targets with new messages, so each one changes a wait's state (a
 * progressing event; none completes a wait, which would shrink the registry). {@code jacksonOnly}
 * is the floor: reading the same JSON into a tree and nothing else.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SyncEventsBenchmark {
  static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  static final Secret KEY = Secret.of("s3cr3t-hmac-token");
  static final int BODIES = 8192;

  @Param({"10000"})
  public int waits;

  private ScheduledExecutorService scheduler;
  private WaitRegistry registry;
  private WebhookHandler handler;
  private WebhookRequest[] requests;
  private byte[][] bodies;
  private int next;
  private final ObjectMapper json = new ObjectMapper();

  static Target target(int i) {
    return Target.of("Kustomization", "team-" + (i % 100), "app-" + i);
  }

  static byte[] event(int i, int round) {
    Target target = target(i);
    return ("{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\""
            + target.namespace()
            + "\",\"name\":\""
            + target.name()
            + "\",\"uid\":\"4b4c6b0e-5a9f-4c5e-9a51-2c2f0f6c3f10\","
            + "\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\",\"resourceVersion\":\"1234567\"},"
            + "\"severity\":\"info\",\"timestamp\":\"2026-08-20T10:15:"
            + String.format("%02d", round % 60)
            + "Z\",\"message\":\"Deployment/"
            + target.namespace()
            + "/"
            + target.name()
            + " configured (round "
            + round
            + ")\",\"reason\":\"Progressing\",\"metadata\":{\"revision\":\"main@sha1:"
            + SHA
            + "\"},\"reportingController\":\"kustomize-controller\","
            + "\"reportingInstance\":\"kustomize-controller-7f5c8b8d9-x2kqp\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Setup(Level.Trial)
  public void setUp() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    registry = new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC());
    Instant deadline = Instant.now().plusSeconds(24 * 3600);
    for (int i = 0; i < waits; i++) {
      registry.register(
          new WaitRequest("wait-" + i, SHA, List.of(target(i)), deadline), WaitListener.NONE);
    }
    handler = new WebhookHandler(WebhookAuthenticator.hmac(KEY), registry);
    requests = new WebhookRequest[BODIES];
    bodies = new byte[BODIES][];
    for (int n = 0; n < BODIES; n++) {
      int i = (int) ((n * 7919L) % waits);
      byte[] body = event(i, n);
      bodies[n] = body;
      requests[n] =
          new WebhookRequest(
              "POST",
              "/gitops-webhook/flux",
              Map.of(
                  "Content-Type", "application/json",
                  "Gotk-Component", "kustomize-controller",
                  "X-Signature", WebhookAuthenticator.sign("sha256", KEY, body)),
              body);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    registry.close();
    scheduler.shutdownNow();
  }

  /** Authenticate, parse, match and apply one signed Flux event. */
  @Benchmark
  public int handleSignedEvent() {
    WebhookResponse response = handler.handle(requests[next++ & (BODIES - 1)]);
    if (response.status() != 200) {
      throw new IllegalStateException(response.json());
    }
    return response.status();
  }

  /** The floor: Jackson reading the same body into a tree. */
  @Benchmark
  public JsonNode jacksonOnly() throws IOException {
    return json.readTree(bodies[next++ & (BODIES - 1)]);
  }
}
