package io.gitopspipeline.scm;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.InvalidInputException;
import java.time.Instant;

/**
 * Parsers of untrusted input in scm: remote URLs, repository names, rate-limit headers, error
 * bodies.
 */
class RemoteUrlFuzzTest {
  @FuzzTest
  void parsersNeverFailWithAnythingButInvalidInput(FuzzedDataProvider data) {
    ProviderType type = ProviderType.values()[data.consumeInt(0, ProviderType.values().length - 1)];
    String header = data.consumeString(40);
    String text = data.consumeRemainingAsString();
    try {
      RepositoryId id = RepositoryId.fromRemoteUrl(type, text);
      if (id.segments().stream().anyMatch(s -> s.isEmpty() || s.contains("/") || s.equals(".."))) {
        throw new AssertionError("bad segment in " + id.segments());
      }
    } catch (InvalidInputException expected) {
      // fine: a clear message for bad input
    }
    try {
      RepositoryId.parse(type, text);
    } catch (InvalidInputException expected) {
      // fine
    }
    RateLimits.waitTime(name -> header, Instant.EPOCH);
    try {
      ScmHttp.providerMessage(ScmHttp.json().readTree(text));
    } catch (java.io.IOException notJson) {
      // fine
    }
  }
}
