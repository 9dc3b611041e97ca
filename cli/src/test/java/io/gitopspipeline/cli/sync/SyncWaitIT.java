package io.gitopspipeline.cli.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.sync.WebhookAuthenticator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops sync wait --listen} as a separate process, as scripts run it. */
class SyncWaitIT {
  @TempDir Path dir;

  @Test
  void aScriptWaitsForTheListeningLineThenFluxReportsSuccess() throws Exception {
    Path key = dir.resolve("hmac");
    Files.writeString(key, "s3cr3t-hmac-token");
    // As users keep it (chmod 600): a key others can read gets a warning line before "listening
    // on".
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("gitops.jar"),
                "--output",
                "json",
                "sync",
                "wait",
                "--revision",
                SyncWaitCommandTest.SHA,
                "--target",
                "Kustomization/apps/podinfo",
                "--listen",
                "127.0.0.1:0",
                "--hmac-secret-file",
                key.toString(),
                "--timeout",
                "60s")
            .start();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      String first = err.readLine();
      Matcher listening = SyncWaitCommandTest.LISTENING.matcher(String.valueOf(first));
      assertThat(listening.matches()).as(first).isTrue();

      byte[] body =
          SyncWaitCommandTest.fluxEvent(
              "podinfo",
              "info",
              "ReconciliationSucceeded",
              SyncWaitCommandTest.SHA,
              "2026-08-20T10:15:42Z",
              "Reconciliation finished");
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(listening.group(1) + "/flux"))
              .header("Content-Type", "application/json")
              .header(
                  "X-Signature",
                  WebhookAuthenticator.sign("sha256", Secret.of("s3cr3t-hmac-token"), body))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      assertThat(
              HttpClient.newHttpClient()
                  .send(request, HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      JsonNode result = new ObjectMapper().readTree(process.getInputStream().readAllBytes());
      assertThat(result.get("outcome").asText()).isEqualTo("succeeded");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void serveRunsAsAProcessAndPrintsEachEvent() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("gitops.jar"),
                "sync",
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--max-events",
                "1")
            .start();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      String first = err.readLine();
      Matcher listening = SyncWaitCommandTest.LISTENING.matcher(String.valueOf(first));
      assertThat(listening.matches()).as(first).isTrue();

      byte[] body =
          SyncWaitCommandTest.fluxEvent(
              "podinfo",
              "info",
              "ReconciliationSucceeded",
              SyncWaitCommandTest.SHA,
              "2026-08-20T10:15:42Z",
              "Reconciliation finished");
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(listening.group(1) + "/flux"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      assertThat(
              HttpClient.newHttpClient()
                  .send(request, HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);

      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .startsWith("flux Kustomization/apps/podinfo 1eabc9a41ca0 SUCCEEDED");
    } finally {
      process.destroyForcibly();
    }
  }
}
