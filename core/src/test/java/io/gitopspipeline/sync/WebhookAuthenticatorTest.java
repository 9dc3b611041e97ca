package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAuthenticatorTest {
  private static final Secret KEY = Secret.of("s3cr3t-hmac-token");
  private final byte[] body = Fixtures.bytes("flux-generic-hmac-wire.body");
  private final WebhookAuthenticator hmac = WebhookAuthenticator.hmac(KEY);

  private static Optional<String> check(
      WebhookAuthenticator auth, Map<String, String> headers, byte[] body) {
    return auth.reject(new WebhookRequest("POST", "/", headers, body)::header, body);
  }

  @Test
  void acceptsTheSignatureFluxSentOverTheExactBody() throws Exception {
    JsonNode wire =
        new ObjectMapper().readTree(Fixtures.bytes("flux-generic-hmac-wire.request.json"));
    String signature = wire.get("headers").get("X-Signature").asText();

    assertThat(body).hasSize(581);
    assertThat(check(hmac, Map.of("x-signature", signature), body)).isEmpty();
    assertThat(WebhookAuthenticator.sign("sha256", KEY, body)).isEqualTo(signature);
  }

  @Test
  void rejectsEveryNegativeCaseOfTheWireFixtureAndAcceptsSha512() throws Exception {
    JsonNode wire =
        new ObjectMapper().readTree(Fixtures.bytes("flux-generic-hmac-wire.request.json"));
    for (JsonNode negative : wire.get("negativeCases")) {
      String signature = negative.get("X-Signature").asText();
      Optional<String> verdict = check(hmac, Map.of("X-Signature", signature), body);
      if (negative.get("expect").asText().startsWith("accept")) {
        assertThat(verdict).as(signature).isEmpty();
      } else {
        assertThat(verdict).as(signature).isPresent();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha1", "sha224", "sha256", "sha384", "sha512"})
  void acceptsEveryAlgorithmFluxVerifiersAccept(String algorithm) {
    String signature = WebhookAuthenticator.sign(algorithm, KEY, body);

    assertThat(check(hmac, Map.of("X-Signature", signature), body)).isEmpty();
    assertThat(check(hmac, Map.of("X-Signature", signature.toUpperCase()), body)).isEmpty();
  }

  @Test
  void aSignatureOfOtherBytesOrAnotherKeyIsRejectedWithoutRevealingTheExpectedValue() {
    String signature = WebhookAuthenticator.sign("sha256", KEY, body);
    byte[] tampered = body.clone();
    tampered[tampered.length - 3] ^= 1;

    Optional<String> verdict = check(hmac, Map.of("X-Signature", signature), tampered);
    assertThat(verdict).contains("X-Signature does not match the body");
    assertThat(
            check(
                hmac,
                Map.of("X-Signature", WebhookAuthenticator.sign("sha256", Secret.of("x"), body)),
                body))
        .isPresent();
    assertThat(check(hmac, Map.of("X-Signature", "sha256=zz"), body)).isPresent();
    assertThat(check(hmac, Map.of("X-Signature", "sha256=ab=cd"), body)).isPresent();
  }

  @Test
  void aMissingSignatureIsRejected() {
    assertThat(check(hmac, Map.of(), body)).get().asString().contains("X-Signature");
  }

  @Test
  void tokensComeAsBearerOrInTheGitopsTokenHeader() {
    WebhookAuthenticator token = WebhookAuthenticator.token(Secret.of("t0ken"));

    assertThat(check(token, Map.of("Authorization", "Bearer t0ken"), body)).isEmpty();
    assertThat(check(token, Map.of("authorization", "bearer t0ken"), body)).isEmpty();
    assertThat(check(token, Map.of("X-Gitops-Token", "t0ken"), body)).isEmpty();
    assertThat(check(token, Map.of("Authorization", "Bearer t0ken2"), body)).isPresent();
    assertThat(check(token, Map.of("Authorization", "Basic dDBrZW4="), body)).isPresent();
    assertThat(check(token, Map.of(), body)).isPresent();
  }

  @Test
  void withBothConfiguredEitherPasses() {
    WebhookAuthenticator both = WebhookAuthenticator.hmacOrToken(KEY, Secret.of("t0ken"));
    String signature = WebhookAuthenticator.sign("sha256", KEY, body);

    assertThat(check(both, Map.of("X-Signature", signature), body)).isEmpty();
    assertThat(check(both, Map.of("Authorization", "Bearer t0ken"), body)).isEmpty();
    assertThat(check(both, Map.of(), body)).isPresent();
  }

  @Test
  void noAuthenticationAcceptsEverything() {
    assertThat(WebhookAuthenticator.none().required()).isFalse();
    assertThat(check(WebhookAuthenticator.none(), Map.of(), body)).isEmpty();
  }
}
