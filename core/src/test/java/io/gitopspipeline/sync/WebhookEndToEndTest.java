package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.Secret;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver as a host wires it: Jetty → handler → registry, over loopback. */
class WebhookEndToEndTest {
  private static final Secret KEY = Secret.of("s3cr3t-hmac-token");
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final WaitRegistry registry =
      new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC());
  private final WebhookServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  WebhookEndToEndTest() throws Exception {
    server =
        WebhookServer.start(
            "127.0.0.1", 0, new WebhookHandler(WebhookAuthenticator.hmac(KEY), registry));
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
    scheduler.shutdownNow();
  }

  private HttpResponse<String> post(String path, byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private Wait register(String id) {
    return registry.register(
        new WaitRequest(
            id,
            SHA,
            List.of(Target.of("Kustomization", "apps", "podinfo")),
            Instant.now().plusSeconds(30)),
        WaitListener.NONE);
  }

  @Test
  void anEventThatArrivesBeforeTheWaitCompletesItOnRegistration() throws Exception {
    byte[] body = Fixtures.bytes("flux-kustomization-succeeded.json");

    HttpResponse<String> response =
        post("/flux", body, WebhookAuthenticator.sign("sha256", KEY, body));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");

    Wait wait = register("late-pipeline");
    assertThat(wait.completion().get(30, TimeUnit.SECONDS).outcome())
        .isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void theWireFixtureFailsTheWaitAndABadSignatureChangesNothing() throws Exception {
    Wait wait = register("w");
    byte[] body = Fixtures.bytes("flux-generic-hmac-wire.body");

    assertThat(post("/flux", body, "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);
    assertThat(post("", body, null).statusCode()).isEqualTo(401);
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);

    String signature = "sha256=9d9cb46cb2c20429a81462146c059d5147c26c81cd7a24abd2bd4d6c26a86c9b";
    assertThat(post("/flux", body, signature).statusCode()).isEqualTo(200);
    assertThat(wait.completion().get(30, TimeUnit.SECONDS).outcome()).isEqualTo(WaitOutcome.FAILED);
  }

  @Test
  void gitopsConnectorsPathIsServedToo() throws Exception {
    Wait wait =
        registry.register(
            new WaitRequest(
                "argo",
                "8f2c1d0e5b7a4c3d9e1f0a2b3c4d5e6f7a8b9c0d",
                List.of(Target.of("Application", "argocd", "podinfo")),
                Instant.now().plusSeconds(30)),
            WaitListener.NONE);
    byte[] body = Fixtures.bytes("gitops-connector-argocd-phase.json");

    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(server.uri().toString().replace("/gitops-webhook", "/gitopsphase")))
            .header("X-Signature", WebhookAuthenticator.sign("sha256", KEY, body))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    assertThat(wait.completion().get(30, TimeUnit.SECONDS).outcome())
        .isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    byte[] big = new byte[WebhookHandler.DEFAULT_MAX_BODY_BYTES + 10];
    assertThat(post("/flux", big, "sha256=00").statusCode()).isEqualTo(413);
  }
}
