package io.gitopspipeline.cli.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.sync.WebhookAuthenticator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gitops sync wait --listen} end to end over real HTTP on loopback: a test plays Flux's
 * notification-controller and posts signed events.
 */
class SyncWaitCommandTest {
  static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
  static final String LATER = "c0ffee1234567890abcdef1234567890abcdef12";
  static final Secret KEY = Secret.of("s3cr3t-hmac-token");
  static final Pattern LISTENING =
      Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/gitops-webhook)");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private Running running;

  /** A {@code gitops} invocation in a background thread whose standard error we read live. */
  static final class Running {
    final CompletableFuture<Integer> exit;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final BufferedReader err;
    final List<String> errLines = new ArrayList<>();

    Running(String... args) throws Exception {
      PipedInputStream errIn = new PipedInputStream(1 << 16);
      PrintStream errOut =
          new PrintStream(new PipedOutputStream(errIn), true, StandardCharsets.UTF_8);
      PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
      err = new BufferedReader(new InputStreamReader(errIn, StandardCharsets.UTF_8));
      exit =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Main.run(args, stdout, errOut);
                } finally {
                  errOut.close();
                }
              });
    }

    /** Reads standard error until the listening line; returns the URL it names. */
    String awaitListening() throws Exception {
      String line;
      while ((line = err.readLine()) != null) {
        errLines.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.matches()) {
          return m.group(1);
        }
      }
      throw new AssertionError("no listening line; stderr: " + errLines);
    }

    int awaitExit() throws Exception {
      int code = exit.get(60, TimeUnit.SECONDS);
      String line;
      while ((line = err.readLine()) != null) {
        errLines.add(line);
      }
      return code;
    }

    JsonNode result() throws Exception {
      return new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (running != null && !running.exit.isDone()) {
      running.exit.cancel(true);
    }
  }

  private String keyFile() throws Exception {
    Path file = dir.resolve("hmac");
    Files.writeString(file, KEY.reveal() + "\n");
    return file.toString();
  }

  private String wait(String timeout, String... targets) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--output",
                "json",
                "sync",
                "wait",
                "--revision",
                SHA,
                "--listen",
                "127.0.0.1:0",
                "--hmac-secret-file",
                keyFile(),
                "--timeout",
                timeout));
    for (String target : targets) {
      args.add("--target");
      args.add(target);
    }
    running = new Running(args.toArray(String[]::new));
    return running.awaitListening();
  }

  /** A Flux event as notification-controller ≥ v1.5 sends it (compact JSON). */
  static byte[] fluxEvent(
      String name, String severity, String reason, String revision, String time, String message) {
    return ("{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"apps\",\"name\":\""
            + name
            + "\",\"uid\":\"4b4c6b0e\",\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\"},"
            + "\"severity\":\""
            + severity
            + "\",\"timestamp\":\""
            + time
            + "\",\"message\":\""
            + message
            + "\",\"reason\":\""
            + reason
            + "\",\"metadata\":{\"revision\":\"main@sha1:"
            + revision
            + "\"},\"reportingController\":\"kustomize-controller\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private int post(String url, byte[] body, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/flux"))
            .header("Content-Type", "application/json")
            .header("Gotk-Component", "kustomize-controller")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (signature != null) {
      request.header("X-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private int postSigned(String url, byte[] body) throws Exception {
    return post(url, body, WebhookAuthenticator.sign("sha256", KEY, body));
  }

  @Test
  void succeedsWhenEveryTargetReportsTheRevision() throws Exception {
    String url = wait("60s", "Kustomization/apps/podinfo", "Kustomization/apps/infra");

    byte[] progressing =
        fluxEvent(
            "podinfo",
            "info",
            "Progressing",
            SHA,
            "2026-08-20T10:15:40Z",
            "Deployment/apps/podinfo configured");
    assertThat(postSigned(url, progressing)).isEqualTo(200);
    assertThat(postSigned(url, progressing)).isEqualTo(200); // a retried delivery
    assertThat(
            postSigned(
                url,
                fluxEvent(
                    "podinfo",
                    "info",
                    "ReconciliationSucceeded",
                    SHA,
                    "2026-08-20T10:15:42Z",
                    "Reconciliation finished")))
        .isEqualTo(200);
    // an older Progressing delivered late does not undo the success
    assertThat(
            postSigned(
                url,
                fluxEvent(
                    "podinfo",
                    "info",
                    "Progressing",
                    SHA,
                    "2026-08-20T10:15:41Z",
                    "Health check passed")))
        .isEqualTo(200);
    assertThat(running.exit).isNotDone();
    assertThat(
            postSigned(
                url,
                fluxEvent(
                    "infra",
                    "info",
                    "ReconciliationSucceeded",
                    SHA,
                    "2026-08-20T10:15:50Z",
                    "Reconciliation finished")))
        .isEqualTo(200);

    assertThat(running.awaitExit()).isZero();
    JsonNode result = running.result();
    assertThat(result.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(result.get("revision").asText()).isEqualTo(SHA);
    JsonNode podinfo = result.get("targets").get(0);
    assertThat(podinfo.get("target").asText()).isEqualTo("Kustomization/apps/podinfo");
    assertThat(podinfo.get("phase").asText()).isEqualTo("succeeded");
    assertThat(podinfo.get("events")).hasSize(2);
    assertThat(podinfo.get("events").get(1).get("reason").asText())
        .isEqualTo("ReconciliationSucceeded");
  }

  @Test
  void exitsOneWithTheReconcilersMessageWhenATargetFails() throws Exception {
    String url = wait("60s", "Kustomization/apps/podinfo");

    postSigned(
        url,
        fluxEvent(
            "podinfo",
            "error",
            "HealthCheckFailed",
            SHA,
            "2026-08-20T10:20:45Z",
            "health check failed after 5m0s: timeout waiting for: [Deployment/apps/podinfo status: 'InProgress']"));

    assertThat(running.awaitExit()).isEqualTo(1);
    assertThat(running.result().get("outcome").asText()).isEqualTo("failed");
    assertThat(String.join("\n", running.errLines))
        .contains("HealthCheckFailed")
        .contains("Deployment/apps/podinfo status: 'InProgress'");
  }

  @Test
  void aBadSignatureIs401AndTheWaitGoesOn() throws Exception {
    String url = wait("60s", "Kustomization/apps/podinfo");
    byte[] failure =
        fluxEvent("podinfo", "error", "HealthCheckFailed", SHA, "2026-08-20T10:20:45Z", "forged");

    assertThat(post(url, failure, "sha256=" + "0".repeat(64))).isEqualTo(401);
    assertThat(post(url, failure, null)).isEqualTo(401);
    assertThat(post(url, failure, WebhookAuthenticator.sign("sha256", Secret.of("wrong"), failure)))
        .isEqualTo(401);
    Thread.sleep(200);
    assertThat(running.exit).isNotDone();

    byte[] success =
        fluxEvent("podinfo", "info", "ReconciliationSucceeded", SHA, "2026-08-20T10:21:00Z", "ok");
    assertThat(postSigned(url, success)).isEqualTo(200);
    assertThat(running.awaitExit()).isZero();
  }

  @Test
  void olderRevisionsAndOtherTargetsDoNotCountAndMalformedBodiesAre400() throws Exception {
    String url = wait("60s", "Kustomization/apps/podinfo");

    assertThat(
            postSigned(
                url,
                fluxEvent(
                    "podinfo",
                    "error",
                    "HealthCheckFailed",
                    LATER,
                    "2026-08-20T10:20:45Z",
                    "other revision")))
        .isEqualTo(200);
    assertThat(
            postSigned(
                url,
                fluxEvent(
                    "other",
                    "error",
                    "HealthCheckFailed",
                    SHA,
                    "2026-08-20T10:20:45Z",
                    "other target")))
        .isEqualTo(200);
    assertThat(postSigned(url, "{\"involvedObject\":".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(400);
    Thread.sleep(200);
    assertThat(running.exit).isNotDone();

    postSigned(
        url,
        fluxEvent("podinfo", "info", "ReconciliationSucceeded", SHA, "2026-08-20T10:21:00Z", "ok"));
    assertThat(running.awaitExit()).isZero();
  }

  @Test
  void timesOutWithExitThreeAndTheLastKnownState() throws Exception {
    String url = wait("2s", "Kustomization/apps/podinfo");
    postSigned(
        url, fluxEvent("podinfo", "info", "Progressing", SHA, "2026-08-20T10:15:40Z", "applying"));

    assertThat(running.awaitExit()).isEqualTo(3);
    JsonNode result = running.result();
    assertThat(result.get("outcome").asText()).isEqualTo("timed_out");
    assertThat(result.get("targets").get(0).get("phase").asText()).isEqualTo("progressing");
    assertThat(String.join("\n", running.errLines)).contains("last known state");
  }

  @Test
  void argoCdNotificationsWithABearerTokenCompleteAnApplicationWait() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "argo-t0ken\n");
    String revision = "8f2c1d0e5b7a4c3d9e1f0a2b3c4d5e6f7a8b9c0d";
    running =
        new Running(
            "--output",
            "json",
            "sync",
            "wait",
            "--revision",
            revision,
            "--target",
            "Application/argocd/podinfo-staging",
            "--listen",
            "127.0.0.1:0",
            "--token-file",
            token.toString(),
            "--timeout",
            "60s");
    String url = running.awaitListening();
    byte[] deployed;
    try (var in = getClass().getResourceAsStream("/sync/argocd-deployed.json")) {
      deployed = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + "/argocd"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(deployed));

    assertThat(
            http.send(
                    request.copy().header("Authorization", "Bearer nope").build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    assertThat(
            http.send(
                    request.header("Authorization", "Bearer argo-t0ken").build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);

    assertThat(running.awaitExit()).isZero();
    JsonNode target = running.result().get("targets").get(0);
    assertThat(target.get("health").asText()).isEqualTo("Healthy");
    assertThat(target.get("events").get(0).get("source").asText()).isEqualTo("argocd");
  }

  @Test
  void refusesBadInputWithExitTwo() throws Exception {
    running =
        new Running(
            "sync", "wait", "--revision", SHA, "--target", "apps", "--listen", "127.0.0.1:0");
    assertThat(running.awaitExit()).isEqualTo(2);
    assertThat(String.join("\n", running.errLines)).contains("KIND/NAMESPACE/NAME");

    running =
        new Running(
            "sync",
            "wait",
            "--revision",
            SHA,
            "--target",
            "Kustomization/a/b",
            "--listen",
            "0.0.0.0:0");
    assertThat(running.awaitExit()).isEqualTo(2);
    assertThat(String.join("\n", running.errLines)).contains("--hmac-secret-file");

    running =
        new Running(
            "sync",
            "wait",
            "--revision",
            SHA,
            "--target",
            "Kustomization/a/b",
            "--listen",
            "127.0.0.1:0",
            "--hmac-secret-file",
            keyFile(),
            "--token-file",
            keyFile());
    assertThat(running.awaitExit()).isEqualTo(2);
  }

  @Test
  void servePrintsEveryNormalisedEvent() throws Exception {
    running =
        new Running(
            "--output", "json", "sync", "serve", "--listen", "127.0.0.1:0", "--max-events", "2");
    String url = running.awaitListening();

    post(
        url,
        fluxEvent("podinfo", "info", "Progressing", SHA, "2026-08-20T10:15:40Z", "applying"),
        null);
    post(
        url,
        fluxEvent(
            "podinfo", "info", "ReconciliationSucceeded", SHA, "2026-08-20T10:15:42Z", "done"),
        null);

    assertThat(running.awaitExit()).isZero();
    String[] lines = running.out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(json.readTree(lines[1]).get("phase").asText()).isEqualTo("succeeded");
    assertThat(json.readTree(lines[1]).get("target").asText())
        .isEqualTo("Kustomization/apps/podinfo");
  }

  @Test
  void servePrintsAForgedLogLineAndTerminalEscapesAsVisibleText() throws Exception {
    running = new Running("sync", "serve", "--listen", "127.0.0.1:0", "--max-events", "1");
    String url = running.awaitListening();

    // JSON-escaped in the body: a newline, a fake log line and an ANSI "clear screen"
    post(
        url,
        fluxEvent(
            "podinfo",
            "info",
            "ReconciliationSucceeded",
            SHA,
            "2026-08-20T10:15:42Z",
            "done\\nflux Kustomization/apps/prod 000000000000 SUCCEEDED forged\\u001b[2J"),
        null);

    assertThat(running.awaitExit()).isZero();
    String out = running.out.toString(StandardCharsets.UTF_8);
    assertThat(out.strip().split("\n")).hasSize(1);
    assertThat(out)
        .doesNotContain("\u001b")
        .contains("done\\nflux Kustomization/apps/prod 000000000000 SUCCEEDED forged\\u001b[2J");
  }

  @Test
  void jsonOutputEscapesTheControlsStandardJsonLeavesRaw() throws Exception {
    running =
        new Running(
            "--output", "json", "sync", "serve", "--listen", "127.0.0.1:0", "--max-events", "1");
    String url = running.awaitListening();

    // U+009B (C1 CSI) and DEL are legal raw in JSON strings; Jackson would print them as they are
    post(
        url,
        fluxEvent(
            "podinfo",
            "info",
            "ReconciliationSucceeded",
            SHA,
            "2026-08-20T10:15:42Z",
            "a\u009b2Jb\u007fc"),
        null);

    assertThat(running.awaitExit()).isZero();
    String out = running.out.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("\u009b", "\u007f").contains("a\\u009b2Jb\\u007fc");
    assertThat(json.readTree(out).get("message").asText()).isEqualTo("a\u009b2Jb\u007fc");
  }

  @Test
  void aFailureMessageCannotForgeLinesOnStandardError() throws Exception {
    String url = wait("60s", "Kustomization/apps/podinfo");

    postSigned(
        url,
        fluxEvent(
            "podinfo",
            "error",
            "HealthCheckFailed",
            SHA,
            "2026-08-20T10:20:45Z",
            "boom\\nrevision " + SHA + ": succeeded"));

    assertThat(running.awaitExit()).isEqualTo(1);
    assertThat(running.errLines).noneMatch(line -> line.startsWith("revision "));
    assertThat(String.join("\n", running.errLines)).contains("boom\\nrevision " + SHA);
  }
}
