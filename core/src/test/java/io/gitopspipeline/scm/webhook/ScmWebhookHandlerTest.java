package io.gitopspipeline.scm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.webhook.ScmDeliveries.Delivery;
import io.gitopspipeline.scm.webhook.ScmDeliveries.What;
import io.gitopspipeline.sync.WebhookRequest;
import io.gitopspipeline.sync.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScmWebhookHandlerTest {
  static final Secret SECRET = Secret.of("It's a Secret to Everybody");
  private final List<ScmEvent> sink = new ArrayList<>();

  private WebhookResponse post(ProviderType provider, Delivery delivery) {
    ScmWebhookHandler handler =
        new ScmWebhookHandler(ScmEventParsers.forProvider(provider), SECRET, sink::add);
    String path = ScmWebhookHandler.path(provider);
    WebhookRequest request = new WebhookRequest("POST", path, delivery.headers(), delivery.body());
    var early = handler.preflight("POST", request::header);
    return early.orElseGet(() -> handler.handle(request));
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aSignedMergeEventNamesThePullRequestAndItsMergeCommit(ProviderType provider)
      throws Exception {
    WebhookResponse response =
        post(provider, ScmDeliveries.delivery(provider, What.MERGED, SECRET));

    assertThat(response.status()).as(response.json()).isEqualTo(200);
    assertThat(sink).hasSize(1);
    ScmEvent event = sink.get(0);
    assertThat(event.kind()).isEqualTo(ScmEvent.Kind.MERGED);
    assertThat(event.number()).isEqualTo(ScmDeliveries.number(provider));
    assertThat(event.commit()).isEqualTo(ScmDeliveries.mergeCommit(provider));
    assertThat(event.key())
        .isEqualTo(
            ScmEvent.key(
                provider,
                io.gitopspipeline.scm.RepositoryId.parse(
                    provider, ScmDeliveries.repository(provider)),
                ScmDeliveries.number(provider)));
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aSignedCloseWithoutMergeIsAClose(ProviderType provider) {
    WebhookResponse response =
        post(provider, ScmDeliveries.delivery(provider, What.CLOSED, SECRET));

    assertThat(response.status()).as(response.json()).isEqualTo(200);
    assertThat(sink).singleElement().extracting(ScmEvent::kind).isEqualTo(ScmEvent.Kind.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void anUnsignedRequestIs401AndReachesNothing(ProviderType provider) {
    Delivery signed = ScmDeliveries.delivery(provider, What.MERGED, SECRET);
    Map<String, String> headers = new HashMap<>(signed.headers());
    headers
        .keySet()
        .removeIf(h -> h.contains("Signature") || h.contains("Token") || h.equals("Authorization"));

    WebhookResponse response = post(provider, new Delivery(headers, signed.body()));

    assertThat(response.status()).isEqualTo(401);
    assertThat(sink).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ProviderType.class)
  void aRequestSignedWithAnotherSecretIs401(ProviderType provider) {
    WebhookResponse response =
        post(provider, ScmDeliveries.delivery(provider, What.MERGED, Secret.of("not the secret")));

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json()).doesNotContain(SECRET.reveal());
    assertThat(sink).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = ProviderType.class,
      names = {"GITHUB", "GITEA", "BITBUCKET", "BITBUCKET_CLOUD"})
  void aBodyChangedAfterSigningIs401(ProviderType provider) {
    Delivery signed = ScmDeliveries.delivery(provider, What.MERGED, SECRET);
    byte[] tampered =
        new String(signed.body(), StandardCharsets.UTF_8)
            .replace(ScmDeliveries.mergeCommit(provider), "0".repeat(40))
            .getBytes(StandardCharsets.UTF_8);

    WebhookResponse response = post(provider, new Delivery(signed.headers(), tampered));

    assertThat(response.status()).isEqualTo(401);
    assertThat(sink).isEmpty();
  }

  @Test
  void gitHubsPingIsIgnored() {
    Delivery ping =
        ScmDeliveries.signed(
            ProviderType.GITHUB,
            Map.of("X-GitHub-Event", "ping"),
            ScmDeliveries.read("github-ping.json"),
            SECRET);

    WebhookResponse response = post(ProviderType.GITHUB, ping);

    assertThat(response.status()).isEqualTo(202);
    assertThat(response.json()).contains("ping");
    assertThat(sink).isEmpty();
  }

  @Test
  void bitbucketsTestConnectionIsIgnored() {
    Delivery ping =
        ScmDeliveries.signed(
            ProviderType.BITBUCKET,
            Map.of("X-Event-Key", "diagnostics:ping"),
            ScmDeliveries.read("bitbucket-ping.json"),
            SECRET);

    assertThat(post(ProviderType.BITBUCKET, ping).status()).isEqualTo(202);
    assertThat(sink).isEmpty();
  }

  @Test
  void anUnrelatedEventTypeIsIgnored() {
    Delivery push =
        ScmDeliveries.signed(
            ProviderType.GITHUB,
            Map.of("X-GitHub-Event", "push"),
            "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8),
            SECRET);

    assertThat(post(ProviderType.GITHUB, push).status()).isEqualTo(202);
    assertThat(sink).isEmpty();
  }

  @Test
  void anUpdateNamesTheNewHead() {
    Delivery update =
        ScmDeliveries.signed(
            ProviderType.GITHUB,
            Map.of("X-GitHub-Event", "pull_request"),
            ScmDeliveries.read("github-synchronize.json"),
            SECRET);

    assertThat(post(ProviderType.GITHUB, update).status()).isEqualTo(200);
    assertThat(sink)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo(ScmEvent.Kind.UPDATED);
              assertThat(e.commit()).isEqualTo("ec26c3e57ca3a959ca5aad62de7213c562f8c821");
            });
  }

  @Test
  void anAzureMergeAttemptOnAnActivePullRequestIsNotAMerge() {
    byte[] body =
        new String(ScmDeliveries.read("azure-merged.json"), StandardCharsets.UTF_8)
            .replace("\"status\": \"completed\"", "\"status\": \"active\"")
            .getBytes(StandardCharsets.UTF_8);

    WebhookResponse response =
        post(ProviderType.AZURE, ScmDeliveries.signed(ProviderType.AZURE, Map.of(), body, SECRET));

    assertThat(response.status()).isEqualTo(202);
    assertThat(sink).isEmpty();
  }

  @Test
  void aPullRequestEventWithoutItsNumberIs400NamingTheField() {
    Delivery delivery =
        ScmDeliveries.signed(
            ProviderType.GITHUB,
            Map.of("X-GitHub-Event", "pull_request"),
            "{\"action\":\"closed\",\"repository\":{\"full_name\":\"a/b\"},\"pull_request\":{}}"
                .getBytes(StandardCharsets.UTF_8),
            SECRET);

    WebhookResponse response = post(ProviderType.GITHUB, delivery);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).contains("pull_request.number");
    assertThat(sink).isEmpty();
  }

  @Test
  void aFormEncodedDeliveryIs415NamingTheSetting() throws Exception {
    Delivery signed = ScmDeliveries.delivery(ProviderType.GITHUB, What.MERGED, SECRET);
    Map<String, String> headers = new HashMap<>(signed.headers());
    headers.put("Content-Type", "application/x-www-form-urlencoded");

    WebhookResponse response = post(ProviderType.GITHUB, new Delivery(headers, signed.body()));

    assertThat(response.status()).isEqualTo(415);
    assertThat(new ObjectMapper().readTree(response.json()).get("error").asText())
        .contains("application/json");
  }

  @Test
  void aDeclaredLengthOverTheCapIs413BeforeTheBody() {
    ScmWebhookHandler handler =
        new ScmWebhookHandler(
            ScmEventParsers.forProvider(ProviderType.GITHUB), SECRET, sink::add, 100);
    Map<String, String> headers =
        Map.of("Content-Type", "application/json", "Content-Length", "101");

    assertThat(handler.preflight("POST", headers::get))
        .get()
        .extracting(WebhookResponse::status)
        .isEqualTo(413);
  }
}
