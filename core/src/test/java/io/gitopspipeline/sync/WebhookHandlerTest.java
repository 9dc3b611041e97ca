package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookHandlerTest {
  private static final Secret KEY = Secret.of("s3cr3t-hmac-token");
  private static final Instant NOW = Instant.parse("2026-08-20T13:00:00Z");
  private final List<SyncEvent> received = new ArrayList<>();
  private final WebhookHandler handler =
      new WebhookHandler(
          WebhookAuthenticator.hmacOrToken(KEY, Secret.of("argo-token")),
          EventParsers.standard(),
          received::add,
          Clock.fixed(NOW, ZoneOffset.UTC),
          4096);
  private final ObjectMapper json = new ObjectMapper();

  /** A POST as Flux and the documented Argo CD template send it: {@code application/json}. */
  private WebhookResponse post(String path, Map<String, String> headers, byte[] body) {
    Map<String, String> withType = new java.util.HashMap<>(headers);
    withType.putIfAbsent("Content-Type", "application/json");
    return handler.handle(new WebhookRequest("POST", path, withType, body));
  }

  private WebhookResponse signed(String path, byte[] body) {
    return post(path, Map.of("X-Signature", WebhookAuthenticator.sign("sha256", KEY, body)), body);
  }

  private JsonNode json(WebhookResponse response) throws Exception {
    return json.readTree(response.json());
  }

  @Test
  void acceptsASignedFluxEventAndHandsItToTheSink() throws Exception {
    WebhookResponse response =
        signed("/gitops-webhook/flux", Fixtures.bytes("flux-kustomization-succeeded.json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(json(response).get("events").asInt()).isEqualTo(1);
    assertThat(received).singleElement().extracting(SyncEvent::phase).isEqualTo(Phase.SUCCEEDED);
  }

  @Test
  void recognisesThePayloadWhenThePathNamesNoSource() {
    WebhookResponse response =
        post(
            "/gitops-webhook/",
            Map.of("Authorization", "Bearer argo-token"),
            Fixtures.bytes("argocd-deployed.json"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(received).singleElement().extracting(SyncEvent::source).isEqualTo("argocd");
  }

  @Test
  void fillsInTheReceiveTimeWhenTheSourceGivesNone() {
    post(
        "/gitopsphase",
        Map.of("X-Gitops-Token", "argo-token"),
        Fixtures.bytes("gitops-connector-argocd-phase.json"));

    assertThat(received).singleElement().extracting(SyncEvent::time).isEqualTo(NOW);
  }

  @Test
  void aBadSignatureIs401AndNeverReachesTheSink() throws Exception {
    byte[] body = Fixtures.bytes("flux-kustomization-succeeded.json");

    WebhookResponse response =
        post("/gitops-webhook/flux", Map.of("X-Signature", "sha256=" + "0".repeat(64)), body);

    assertThat(response.status()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).contains("does not match");
    assertThat(response.json()).doesNotContain(KEY.reveal()).doesNotContain("argo-token");
    assertThat(received).isEmpty();
    assertThat(post("/gitops-webhook/flux", Map.of(), body).status()).isEqualTo(401);
  }

  @Test
  void aBodyOverTheLimitIs413BeforeAnythingElse() {
    byte[] big = new byte[4097];

    assertThat(post("/x", Map.of(), big).status()).isEqualTo(413);
    assertThat(post("/x", Map.of("Content-Length", "999999"), new byte[0]).status()).isEqualTo(413);
  }

  @Test
  void malformedIs400WithTheReason() throws Exception {
    WebhookResponse notJson = signed("/gitops-webhook/flux", "{\"involvedObject\":".getBytes());
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(json(notJson).get("error").asText()).contains("not valid JSON");

    WebhookResponse noName =
        signed(
            "/gitops-webhook/flux",
            "{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"a\"},\"severity\":\"info\"}"
                .getBytes());
    assertThat(noName.status()).isEqualTo(400);
    assertThat(json(noName).get("error").asText()).contains("involvedObject.name");

    assertThat(signed("/gitops-webhook/flux", "[]".getBytes()).status()).isEqualTo(400);
    assertThat(signed("/gitops-webhook/flux", "{} {}".getBytes()).status()).isEqualTo(400);
    assertThat(received).isEmpty();
  }

  @Test
  void unknownKindsAndPayloadsAre202Ignored() throws Exception {
    String gitRepository =
        new String(Fixtures.bytes("flux-kustomization-succeeded.json"))
            .replace("\"Kustomization\"", "\"GitRepository\"");

    WebhookResponse response = signed("/gitops-webhook/flux", gitRepository.getBytes());
    assertThat(response.status()).isEqualTo(202);
    assertThat(json(response).get("reason").asText()).contains("GitRepository");

    assertThat(signed("/gitops-webhook", "{\"hello\":1}".getBytes()).status()).isEqualTo(202);
    assertThat(received).isEmpty();
  }

  @Test
  void onlyPostIsAccepted() {
    assertThat(handler.handle(new WebhookRequest("GET", "/", Map.of(), null)).status())
        .isEqualTo(405);
  }

  @Test
  void onlyApplicationJsonIsAcceptedSoABrowserFormCannotPostEvents() throws Exception {
    byte[] body = Fixtures.bytes("flux-kustomization-succeeded.json");
    String signature = WebhookAuthenticator.sign("sha256", KEY, body);

    WebhookResponse plain =
        post(
            "/gitops-webhook/flux",
            Map.of("X-Signature", signature, "Content-Type", "text/plain"),
            body);
    assertThat(plain.status()).isEqualTo(415);
    assertThat(json(plain).get("error").asText()).contains("application/json", "text/plain");
    assertThat(
            handler
                .handle(
                    new WebhookRequest(
                        "POST", "/gitops-webhook/flux", Map.of("X-Signature", signature), body))
                .status())
        .isEqualTo(415);
    assertThat(received).isEmpty();

    WebhookResponse withCharset =
        post(
            "/gitops-webhook/flux",
            Map.of("X-Signature", signature, "Content-Type", "Application/JSON; charset=utf-8"),
            body);
    assertThat(withCharset.status()).isEqualTo(200);
  }

  @Test
  void theHeadersAloneDecideWhatTheyCanBeforeTheBodyIsRead() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    assertThat(handler.preflight("POST", json::get).map(WebhookResponse::status)).hasValue(401);
    assertThat(
            handler
                .preflight(
                    "POST",
                    Map.of("Content-Type", "application/json", "Authorization", "Bearer nope")::get)
                .map(WebhookResponse::status))
        .hasValue(401);
    assertThat(
            handler
                .preflight(
                    "POST",
                    Map.of("Content-Type", "application/json", "Content-Length", "100000000000")
                        ::get)
                .map(WebhookResponse::status))
        .hasValue(413);
    assertThat(
            handler
                .preflight(
                    "POST",
                    Map.of("Content-Type", "application/json", "X-Signature", "md5=00")::get)
                .map(WebhookResponse::status))
        .hasValue(401);
    // a well-formed signature needs the body; a right token needs nothing more
    assertThat(
            handler.preflight(
                "POST",
                Map.of("Content-Type", "application/json", "X-Signature", "sha256=00")::get))
        .isEmpty();
    assertThat(
            handler.preflight(
                "POST",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer argo-token")
                    ::get))
        .isEmpty();
  }

  @Test
  void aFluxPayloadNamingStarIsRefusedRatherThanMatchingEveryTarget() throws Exception {
    String star =
        new String(Fixtures.bytes("flux-kustomization-succeeded.json"), StandardCharsets.UTF_8)
            .replaceFirst("\"name\"\\s*:\\s*\"[^\"]+\"", "\"name\":\"*\"");
    assertThat(star).contains("\"name\":\"*\"");

    WebhookResponse response =
        signed("/gitops-webhook/flux", star.getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).contains("'*'");
    assertThat(received).isEmpty();
  }

  @Test
  void anArgoCdPayloadNamingStarIsRefused() throws Exception {
    byte[] body =
        ("{\"source\":\"argocd\",\"schemaVersion\":\"1\",\"app\":{\"name\":\"*\","
                + "\"namespace\":\"argocd\"},\"syncRevision\":\"1eabc9a41ca088515cab83f1cce49eb43e84b67f\","
                + "\"phase\":\"Succeeded\",\"healthStatus\":\"Healthy\"}")
            .getBytes(StandardCharsets.UTF_8);

    WebhookResponse response =
        post("/gitops-webhook/argocd", Map.of("Authorization", "Bearer argo-token"), body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(received).isEmpty();
  }

  @Test
  void controlCharactersInAnErrorAreEscaped() throws Exception {
    byte[] body =
        "{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"a\",\"name\":\"b\"},\"severity\":\"bad\\u001b[2J\\nline\"}"
            .getBytes(StandardCharsets.UTF_8);

    WebhookResponse response = signed("/gitops-webhook/flux", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(json(response).get("error").asText())
        .doesNotContain("\u001b", "\n")
        .contains("\\u001b[2J\\nline");
  }
}
