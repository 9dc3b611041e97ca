package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void parsesABearerChallenge() {
    assertThat(
            AuthChallenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:library/nginx:pull\""))
        .contains(
            new AuthChallenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:library/nginx:pull")));
  }

  @Test
  void parsesBasicUnquotedAndEscapedValues() {
    assertThat(AuthChallenge.parse("Basic realm=Registry"))
        .contains(new AuthChallenge("basic", Map.of("realm", "Registry")));
    assertThat(
            AuthChallenge.parse("Bearer realm=\"a\\\"b\", error=\"insufficient_scope\"")
                .orElseThrow()
                .params())
        .containsEntry("realm", "a\"b")
        .containsEntry("error", "insufficient_scope");
  }

  @Test
  void rejectsEmptyHeaders() {
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse(null)).isEmpty();
  }

  @FuzzTest(maxDuration = "20s")
  void neverThrowsOnAnyHeader(FuzzedDataProvider data) {
    AuthChallenge.parse(data.consumeRemainingAsString())
        .ifPresent(challenge -> assertThat(challenge.scheme()).isNotEmpty());
  }
}
