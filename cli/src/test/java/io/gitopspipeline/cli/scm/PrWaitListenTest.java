package io.gitopspipeline.cli.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.Main;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.WireMockExtension;
import io.gitopspipeline.scm.webhook.ScmDeliveries;
import io.gitopspipeline.scm.webhook.ScmDeliveries.Delivery;
import io.gitopspipeline.scm.webhook.ScmDeliveries.What;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code gitops pr wait --listen} end to end: each provider's documented webhook payload, signed
 * the provider's way, posted over real HTTP to the CLI's listener while the pull request's state is
 * polled from a WireMock provider that still says "open".
 */
class PrWaitListenTest {
  static final Secret SECRET = Secret.of("It's a Secret to Everybody");
  static final Pattern LISTENING =
      Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/gitops-webhook/scm/[a-z-]+)");

  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Running running;

  /** A {@code gitops} run in a background thread whose standard error is read live. */
  static final class Running {
    final CompletableFuture<Integer> exit;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final BufferedReader err;
    final List<String> errLines = new ArrayList<>();

    Running(List<String> args) throws Exception {
      PipedInputStream errIn = new PipedInputStream(1 << 16);
      PrintStream errOut =
          new PrintStream(new PipedOutputStream(errIn), true, StandardCharsets.UTF_8);
      PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
      err = new BufferedReader(new InputStreamReader(errIn, StandardCharsets.UTF_8));
      exit =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Main.run(args.toArray(String[]::new), stdout, errOut);
                } finally {
                  errOut.close();
                }
              });
    }

    String awaitListening() throws Exception {
      String line;
      while ((line = err.readLine()) != null) {
        errLines.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
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
  void stop() {
    if (running != null && !running.exit.isDone()) {
      running.exit.cancel(true);
    }
  }

  /** What each provider's API answers for a pull request that is still open. */
  private static String openPullRequest(ProviderType provider) {
    long n = ScmDeliveries.number(provider);
    return switch (provider) {
      case GITHUB ->
          "{\"id\":1,\"number\":"
              + n
              + ",\"state\":\"open\",\"merged\":false,\"name\":\"Hello-World\","
              + "\"full_name\":\"Codertocat/Hello-World\",\"owner\":{\"login\":\"Codertocat\"},"
              + "\"html_url\":\"https://github.com/Codertocat/Hello-World/pull/2\","
              + "\"head\":{\"ref\":\"changes\",\"sha\":\"ec26c3e57ca3a959ca5aad62de7213c562f8c821\"},"
              + "\"base\":{\"ref\":\"master\"},\"labels\":[]}";
      case GITLAB ->
          "{\"id\":99,\"iid\":"
              + n
              + ",\"state\":\"opened\",\"source_branch\":\"ms-viewport\","
              + "\"target_branch\":\"master\",\"web_url\":\"http://example.com/mr/1\"}";
      case GITEA ->
          "{\"number\":"
              + n
              + ",\"state\":\"open\",\"merged\":false,\"html_url\":\"http://x/pulls/7\","
              + "\"head\":{\"ref\":\"promote\"},\"base\":{\"ref\":\"main\"},\"labels\":[]}";
      case BITBUCKET ->
          "{\"id\":"
              + n
              + ",\"version\":1,\"state\":\"OPEN\",\"open\":true,\"canMerge\":false,"
              + "\"fromRef\":{\"displayId\":\"feature\"},\"toRef\":{\"displayId\":\"master\"},"
              + "\"links\":{\"self\":[{\"href\":\"http://x/pull-requests/9\"}]}}";
      case BITBUCKET_CLOUD ->
          "{\"id\":"
              + n
              + ",\"state\":\"OPEN\",\"source\":{\"branch\":{\"name\":\"b\"}},"
              + "\"destination\":{\"branch\":{\"name\":\"master\"}},"
              + "\"links\":{\"html\":{\"href\":\"http://x/pull-requests/1\"}}}";
      case AZURE -> "{\"pullRequestId\":" + n + ",\"status\":\"active\"}";
    };
  }

  private String start(ProviderType provider, String timeout) throws Exception {
    wiremock.server().stubFor(get(anyUrl()).willReturn(okJson(openPullRequest(provider))));
    Path secretFile = dir.resolve("webhook-secret");
    Files.writeString(secretFile, SECRET.reveal() + "\n");
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "api-token\n");
    running =
        new Running(
            List.of(
                "--output",
                "json",
                "pr",
                "wait",
                "--provider",
                provider.cliName(),
                "--server-url",
                wiremock.url(),
                "--repo",
                ScmDeliveries.repository(provider),
                "--token-file",
                tokenFile.toString(),
                "--number",
                Long.toString(ScmDeliveries.number(provider)),
                "--timeout",
                timeout,
                "--listen",
                "127.0.0.1:0",
                "--webhook-secret-file",
                secretFile.toString()));
    return running.awaitListening();
  }

  private HttpResponse<String> post(String url, Delivery delivery) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
    delivery.headers().forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aSignedMergeEventEndsTheWaitWithItsMergeCommit(ProviderType provider) throws Exception {
    String url = start(provider, "10m");

    HttpResponse<String> answer = post(url, ScmDeliveries.delivery(provider, What.MERGED, SECRET));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(running.awaitExit()).as(String.join("\n", running.errLines)).isZero();
    assertThat(running.result().get("state").asText()).isEqualTo("merged");
    assertThat(running.result().get("mergeCommit").asText())
        .isEqualTo(ScmDeliveries.mergeCommit(provider));
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aCloseWithoutMergeEndsTheWaitWithExitOne(ProviderType provider) throws Exception {
    String url = start(provider, "10m");

    HttpResponse<String> answer = post(url, ScmDeliveries.delivery(provider, What.CLOSED, SECRET));

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(running.awaitExit()).isEqualTo(1);
    assertThat(running.result().get("state").asText()).isEqualTo("closed");
    assertThat(String.join("\n", running.errLines)).contains("closed without merging");
  }

  @Test
  void aBadSignatureIs401AndTheWaitGoesOn() throws Exception {
    String url = start(ProviderType.GITHUB, "10m");
    Delivery good = ScmDeliveries.delivery(ProviderType.GITHUB, What.MERGED, SECRET);
    Delivery forged =
        ScmDeliveries.delivery(ProviderType.GITHUB, What.MERGED, Secret.of("guessed"));

    HttpResponse<String> rejected = post(url, forged);

    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(running.exit).isNotDone();
    Map<String, String> unsigned = new HashMap<>(good.headers());
    unsigned.remove("X-Hub-Signature-256");
    assertThat(post(url, new Delivery(unsigned, good.body())).statusCode()).isEqualTo(401);
    assertThat(running.exit).isNotDone();

    assertThat(post(url, good).statusCode()).isEqualTo(200);
    assertThat(running.awaitExit()).isZero();
  }

  @Test
  void anEventForAnotherPullRequestLeavesTheWaitAlone() throws Exception {
    String url = start(ProviderType.GITHUB, "3s");
    byte[] other =
        new String(ScmDeliveries.read("github-merged.json"), StandardCharsets.UTF_8)
            .replace("Codertocat/Hello-World", "Codertocat/Other")
            .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> answer =
        post(
            url,
            ScmDeliveries.signed(
                ProviderType.GITHUB, Map.of("X-GitHub-Event", "pull_request"), other, SECRET));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(running.awaitExit()).isEqualTo(3); // timed out: the event was not about it
  }

  @Test
  void webhookSecretWithoutListenIsRefused() throws Exception {
    Path secretFile = dir.resolve("webhook-secret");
    Files.writeString(secretFile, SECRET.reveal());
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        Main.run(
            new String[] {
              "pr",
              "wait",
              "--provider",
              "gitea",
              "--server-url",
              wiremock.url(),
              "--repo",
              "a/b",
              "--number",
              "1",
              "--webhook-secret-file",
              secretFile.toString()
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--webhook-secret-file needs --listen");
  }
}
