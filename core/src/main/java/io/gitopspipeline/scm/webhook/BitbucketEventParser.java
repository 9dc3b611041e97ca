package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bitbucket Data Center: {@code X-Event-Key} {@code pr:merged}, {@code pr:declined}, {@code
 * pr:deleted} and {@code pr:from_ref_updated}, signed with {@code X-Hub-Signature: sha256=<hex>};
 * {@code diagnostics:ping} (the "Test connection" button) is answered as ignored.
 */
public final class BitbucketEventParser implements ScmEventParser {
  static final String EVENT_HEADER = "X-Event-Key";
  static final String SIGNATURE_HEADER = "X-Hub-Signature";
  private static final String NAME = "Bitbucket Data Center";

  @Override
  public ProviderType provider() {
    return ProviderType.BITBUCKET;
  }

  @Override
  public Optional<String> rejectHeaders(Function<String, String> headers, Secret secret) {
    return Signatures.checkHexShape(SIGNATURE_HEADER, "sha256=", headers.apply(SIGNATURE_HEADER));
  }

  @Override
  public Optional<String> reject(Function<String, String> headers, byte[] body, Secret secret) {
    return Signatures.checkHmacHex(
        SIGNATURE_HEADER, "sha256=", headers.apply(SIGNATURE_HEADER), secret, body);
  }

  @Override
  public ScmParseResult parse(Function<String, String> headers, JsonNode payload)
      throws InvalidInputException {
    String event = headers.apply(EVENT_HEADER);
    if ("diagnostics:ping".equals(event)) {
      return ScmParseResult.ignored("ping event");
    }
    ScmEvent.Kind kind;
    if ("pr:merged".equals(event)) {
      kind = ScmEvent.Kind.MERGED;
    } else if ("pr:declined".equals(event) || "pr:deleted".equals(event)) {
      kind = ScmEvent.Kind.CLOSED;
    } else if ("pr:from_ref_updated".equals(event)) {
      kind = ScmEvent.Kind.UPDATED;
    } else {
      return ScmParseResult.ignored(EVENT_HEADER + " '" + event + "' changes no merge wait");
    }
    String repository =
        Payloads.text(payload, "pullRequest.toRef.repository.project.key", NAME)
            + "/"
            + Payloads.text(payload, "pullRequest.toRef.repository.slug", NAME);
    long number = Payloads.number(payload, "pullRequest.id", NAME);
    JsonNode self = Payloads.at(payload, "pullRequest.links.self").path(0).path("href");
    String url = self.isTextual() ? self.asText() : null;
    String commit =
        switch (kind) {
          case MERGED -> Payloads.commit(payload, "pullRequest.properties.mergeCommit.id", NAME);
          case UPDATED -> Payloads.commit(payload, "pullRequest.fromRef.latestCommit", NAME);
          case CLOSED -> null;
        };
    return ScmParseResult.of(
        new ScmEvent(
            provider(),
            repository,
            number,
            kind,
            commit,
            url,
            Payloads.optionalText(payload, "actor.name")));
  }
}
