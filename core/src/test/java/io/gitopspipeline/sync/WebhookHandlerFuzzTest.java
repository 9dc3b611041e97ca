package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

class WebhookHandlerFuzzTest {
  private static final Secret KEY = Secret.of("fuzz-key");
  private static final Set<Integer> STATUSES = Set.of(200, 202, 400, 401, 405, 413);
  private static final String[] PATHS = {
    "/gitops-webhook", "/gitops-webhook/flux", "/gitops-webhook/argocd", "/gitopsphase", "/x/"
  };

  /**
   * Whatever arrives, the answer is one of the documented statuses with a JSON object, events reach
   * the sink only on 200, and an unsigned request never does.
   */
  @FuzzTest(maxDuration = "30s")
  void answersEveryRequestWithADocumentedStatus(FuzzedDataProvider data) throws Exception {
    List<SyncEvent> sink = new ArrayList<>();
    WebhookHandler handler =
        new WebhookHandler(
            WebhookAuthenticator.hmac(KEY),
            EventParsers.standard(),
            sink::add,
            Clock.systemUTC(),
            2048);
    String path = data.pickValue(PATHS);
    boolean sign = data.consumeBoolean();
    String header = sign ? null : data.consumeString(80);
    byte[] body = data.consumeRemainingAsBytes();
    if (sign) {
      header = WebhookAuthenticator.sign("sha256", KEY, body);
    }

    WebhookResponse response =
        handler.handle(
            new WebhookRequest(
                "POST",
                path,
                Map.of("X-Signature", header, "Content-Type", "application/json"),
                body));

    assertThat(STATUSES).contains(response.status());
    assertThat(new ObjectMapper().readTree(response.json()).isObject()).isTrue();
    if (response.status() != 200) {
      assertThat(sink).isEmpty();
    }
    if (!sign && response.status() != 401) {
      assertThat(response.status()).isIn(413, 401);
    }
  }
}
