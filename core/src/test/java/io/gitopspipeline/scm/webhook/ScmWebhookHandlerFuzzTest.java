package io.gitopspipeline.scm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.sync.WebhookRequest;
import io.gitopspipeline.sync.WebhookResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

class ScmWebhookHandlerFuzzTest {
  private static final Secret SECRET = Secret.of("fuzz-secret");
  private static final Set<Integer> STATUSES = Set.of(200, 202, 400, 401, 413);
  private static final String[] EVENTS = {
    "pull_request",
    "ping",
    "push",
    "Merge Request Hook",
    "pr:merged",
    "pr:declined",
    "pullrequest:fulfilled",
    "pullrequest:rejected",
    "diagnostics:ping"
  };

  /**
   * Whatever a provider's path receives, the answer is a documented status with a JSON object, only
   * a 200 reaches the sink, and a request not authenticated with the secret never does.
   */
  @FuzzTest(maxDuration = "30s")
  void answersEveryRequestWithADocumentedStatus(FuzzedDataProvider data) throws Exception {
    ProviderType provider = data.pickValue(ProviderType.values());
    boolean sign = data.consumeBoolean();
    String event = data.pickValue(EVENTS);
    String forged = data.consumeString(80);
    byte[] body = data.consumeRemainingAsBytes();
    Map<String, String> headers;
    if (sign) {
      headers =
          new HashMap<>(
              ScmDeliveries.signed(
                      provider,
                      Map.of(
                          "X-GitHub-Event", event,
                          "X-Gitlab-Event", event,
                          "X-Gitea-Event", event,
                          "X-Event-Key", event),
                      body,
                      SECRET)
                  .headers());
    } else {
      headers = new HashMap<>();
      headers.put("Content-Type", "application/json");
      for (String name :
          List.of(
              "X-Hub-Signature-256",
              "X-Hub-Signature",
              "X-Gitea-Signature",
              "X-Gitlab-Token",
              "Authorization")) {
        headers.put(name, forged);
      }
    }
    List<ScmEvent> sink = new ArrayList<>();
    ScmWebhookHandler handler =
        new ScmWebhookHandler(ScmEventParsers.forProvider(provider), SECRET, sink::add, 4096);
    WebhookRequest request =
        new WebhookRequest("POST", ScmWebhookHandler.path(provider), headers, body);

    WebhookResponse response =
        handler.preflight("POST", request::header).orElseGet(() -> handler.handle(request));

    assertThat(STATUSES).contains(response.status());
    assertThat(new ObjectMapper().readTree(response.json()).isObject()).isTrue();
    if (response.status() != 200) {
      assertThat(sink).isEmpty();
    }
    if (!sign) {
      assertThat(response.status()).isIn(401, 413);
    }
  }
}
