package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver against peers that misbehave at the socket level: raw connections that never finish
 * their request, huge declared bodies, wrong paths and content types.
 */
class WebhookServerTest {
  private static final Secret KEY = Secret.of("s3cr3t-hmac-token");
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final WaitRegistry registry =
      new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC());
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Socket> sockets = new ArrayList<>();
  private WebhookServer server;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
    registry.close();
    scheduler.shutdownNow();
  }

  private WebhookServer start(WebhookAuthenticator authenticator, WebhookServer.Limits limits)
      throws IOException {
    server =
        WebhookServer.start("127.0.0.1", 0, new WebhookHandler(authenticator, registry), limits);
    return server;
  }

  /** A connection that has sent {@code text} and then nothing more. */
  private Socket openAndSend(String text) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
    return socket;
  }

  /** The status line the server answers on {@code socket}, or null when it closes without one. */
  private static String statusLine(Socket socket) throws IOException {
    socket.setSoTimeout(3000);
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
        .readLine();
  }

  private static String head(String path, String... headers) {
    StringBuilder text = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      text.append(header).append("\r\n");
    }
    return text.append("\r\n").toString();
  }

  private Wait register() {
    return registry.register(
        new WaitRequest(
            "w",
            SHA,
            List.of(Target.of("Kustomization", "apps", "podinfo")),
            Instant.now().plusSeconds(30)),
        WaitListener.NONE);
  }

  private HttpResponse<String> postSigned(byte[] body, Duration within) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.uri() + "/flux"))
            .timeout(within)
            .header("Content-Type", "application/json")
            .header("X-Signature", WebhookAuthenticator.sign("sha256", KEY, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void slowPeersHoldingEveryWorkerDoNotKeepASignedEventOut() throws Exception {
    WebhookServer.Limits limits = WebhookServer.Limits.DEFAULT;
    start(WebhookAuthenticator.hmac(KEY), limits);
    Wait wait = register();
    // load the client's and the handler's classes first: the bound below is about the server
    assertThat(
            postSigned("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)).statusCode())
        .isEqualTo(400);
    String signature = WebhookAuthenticator.sign("sha256", KEY, new byte[] {'{'});
    for (int i = 0; i < 4 * limits.threads(); i++) {
      switch (i % 3) {
        case 0 -> openAndSend("POST /gitops-webhook/flux HT"); // request line unfinished
        case 1 -> openAndSend("POST /gitops-webhook/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sig");
        default ->
            openAndSend( // headers done, body dripping
                head(
                        "/gitops-webhook/flux",
                        "Content-Type: application/json",
                        "Content-Length: 1000",
                        "X-Signature: " + signature)
                    + "{\"involvedObject\"");
      }
    }

    byte[] body = Fixtures.bytes("flux-kustomization-succeeded.json");
    HttpResponse<String> response = postSigned(body, Duration.ofSeconds(1));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(wait.completion().get(5, TimeUnit.SECONDS).outcome())
        .isEqualTo(WaitOutcome.SUCCEEDED);
  }

  @Test
  void aHugeDeclaredBodyIs413BeforeAnyOfItIsSent() throws Exception {
    start(WebhookAuthenticator.hmac(KEY), WebhookServer.Limits.DEFAULT);

    Socket socket =
        openAndSend(
            head(
                "/gitops-webhook/flux",
                "Content-Type: application/json",
                "Content-Length: 100000000000",
                "X-Signature: sha256=" + "0".repeat(64)));

    assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
  }

  @Test
  void aWrongTokenIs401BeforeTheBodyIsSent() throws Exception {
    start(WebhookAuthenticator.token(Secret.of("argo-t0ken")), WebhookServer.Limits.DEFAULT);

    Socket socket =
        openAndSend(
            head(
                "/gitops-webhook/argocd",
                "Content-Type: application/json",
                "Content-Length: 500",
                "Authorization: Bearer nope"));

    assertThat(statusLine(socket)).startsWith("HTTP/1.1 401");
  }

  @Test
  void aConnectionThatDripsItsHeadersIsClosedAtTheHeaderDeadline() throws Exception {
    start(
        WebhookAuthenticator.hmac(KEY),
        new WebhookServer.Limits(
            8, Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(30), 256));

    Socket socket = openAndSend("POST /gitops-webhook/flux HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    // closed well before the 30 s idle timeout (a read timeout would throw instead)
    assertThat(statusLine(socket)).isNull();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIs408() throws Exception {
    start(
        WebhookAuthenticator.hmac(KEY),
        new WebhookServer.Limits(
            8, Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(30), 256));

    Socket socket =
        openAndSend(
            head(
                    "/gitops-webhook/flux",
                    "Content-Type: application/json",
                    "Content-Length: 100",
                    "X-Signature: sha256=" + "0".repeat(64))
                + "{\"a\":");

    assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
  }

  @Test
  void onlyTheExactPathsAreServed() throws Exception {
    start(WebhookAuthenticator.none(), WebhookServer.Limits.DEFAULT);
    byte[] body = Fixtures.bytes("flux-kustomization-succeeded.json");

    for (String path :
        List.of("/gitops-webhook/x/flux", "/gitops-webhook/flux/", "/", "/gitops-webhookx")) {
      HttpRequest request =
          HttpRequest.newBuilder(server.uri().resolve(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .as(path)
          .isEqualTo(404);
    }
  }

  @Test
  void anUnauthenticatedReceiverRefusesWhatABrowserFormCanPost() throws Exception {
    start(WebhookAuthenticator.none(), WebhookServer.Limits.DEFAULT);
    Wait wait = register();
    byte[] body = Fixtures.bytes("flux-kustomization-succeeded.json");

    for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.uri() + "/flux"))
              .header("Content-Type", type)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .as(type)
          .isEqualTo(415);
    }
    assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.WAITING);

    HttpRequest json =
        HttpRequest.newBuilder(URI.create(server.uri() + "/flux"))
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    assertThat(http.send(json, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void anUnauthenticatedReceiverAnswersOnlyToALoopbackHost() throws Exception {
    start(WebhookAuthenticator.none(), WebhookServer.Limits.DEFAULT);
    String body = "{}";

    Socket rebound =
        openAndSend(
            "POST /gitops-webhook HTTP/1.1\r\nHost: attacker.example:"
                + server.port()
                + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
                + body);
    assertThat(statusLine(rebound)).startsWith("HTTP/1.1 421");

    for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
      Socket local =
          openAndSend(
              "POST /gitops-webhook HTTP/1.1\r\nHost: "
                  + host
                  + ":"
                  + server.port()
                  + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n"
                  + body);
      assertThat(statusLine(local)).as(host).startsWith("HTTP/1.1 202");
    }
  }

  @Test
  void headersOverTheLimitAre431InJson() throws Exception {
    start(WebhookAuthenticator.hmac(KEY), WebhookServer.Limits.DEFAULT);

    Socket socket =
        openAndSend(
            head(
                "/gitops-webhook/flux",
                "Content-Type: application/json",
                "X-Padding: " + "a".repeat(WebhookServer.MAX_HEADER_BYTES)));

    socket.setSoTimeout(3000);
    String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(answer)
        .startsWith("HTTP/1.1 431")
        .contains("Content-Type: application/json")
        .contains("\"status\":\"rejected\"");
  }

  @Test
  void aChunkedBodyIsCutAtTheLimitWhileItIsRead() throws Exception {
    start(WebhookAuthenticator.hmac(KEY), WebhookServer.Limits.DEFAULT);
    String chunk = "a".repeat(64 * 1024);
    StringBuilder chunks = new StringBuilder();
    for (int i = 0; i < 20; i++) { // 1.25 MiB, over the 1 MiB cap, no Content-Length
      chunks
          .append(Integer.toHexString(chunk.length()))
          .append("\r\n")
          .append(chunk)
          .append("\r\n");
    }

    Socket socket =
        openAndSend(
            head(
                    "/gitops-webhook/flux",
                    "Content-Type: application/json",
                    "Transfer-Encoding: chunked",
                    "X-Signature: sha256=" + "0".repeat(64))
                + chunks);

    assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
  }
}
