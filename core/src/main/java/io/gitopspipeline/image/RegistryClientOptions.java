package io.gitopspipeline.image;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the registry client connects.
 *
 * @param credentials where credentials come from ({@link CredentialSource#ANONYMOUS} for none)
 * @param insecureRegistries registries ({@code host:port}, or a host for every port) reached over
 *     plain HTTP; every other registry is reached over TLS only
 * @param maxAttempts attempts per request on 429 and 5xx answers and dropped connections
 * @param initialBackoff wait before the first retry, doubled for each further one
 * @param maxBackoff longest wait, also the cap on a {@code Retry-After} answer
 * @param requestTimeout the deadline of one exchange, from sending the request to the last byte of
 *     the answer's body
 */
public record RegistryClientOptions(
    CredentialSource credentials,
    Set<String> insecureRegistries,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration requestTimeout) {
  public RegistryClientOptions {
    Objects.requireNonNull(credentials, "credentials");
    insecureRegistries = Set.copyOf(insecureRegistries);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** Anonymous, TLS only, 5 attempts from 500 ms backoff up to 30 s, 60 s per request. */
  public static RegistryClientOptions defaults() {
    return new RegistryClientOptions(
        CredentialSource.ANONYMOUS,
        Set.of(),
        5,
        Duration.ofMillis(500),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60));
  }

  public RegistryClientOptions withCredentials(CredentialSource source) {
    return new RegistryClientOptions(
        source, insecureRegistries, maxAttempts, initialBackoff, maxBackoff, requestTimeout);
  }

  public RegistryClientOptions withInsecureRegistries(Set<String> registries) {
    return new RegistryClientOptions(
        credentials, registries, maxAttempts, initialBackoff, maxBackoff, requestTimeout);
  }

  public RegistryClientOptions withRetries(int attempts, Duration initial, Duration max) {
    return new RegistryClientOptions(
        credentials, insecureRegistries, attempts, initial, max, requestTimeout);
  }

  public RegistryClientOptions withRequestTimeout(Duration timeout) {
    return new RegistryClientOptions(
        credentials, insecureRegistries, maxAttempts, initialBackoff, maxBackoff, timeout);
  }

  /** Whether {@code registry} may be reached over plain HTTP. */
  public boolean isInsecure(String registry) {
    if (insecureRegistries.contains(registry)) {
      return true;
    }
    int colon = registry.lastIndexOf(':');
    return colon > registry.lastIndexOf(']')
        && insecureRegistries.contains(registry.substring(0, colon));
  }
}
