package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bitbucket Cloud: {@code X-Event-Key} {@code pullrequest:fulfilled} (merged), {@code
 * pullrequest:rejected} (declined) and {@code pullrequest:updated}, signed with the webhook's
 * secret as {@code X-Hub-Signature: sha256=<hex>}.
 */
public final class BitbucketCloudEventParser implements ScmEventParser {
  static final String EVENT_HEADER = "X-Event-Key";
  static final String SIGNATURE_HEADER = "X-Hub-Signature";
  private static final String NAME = "Bitbucket Cloud";

  @Override
  public ProviderType provider() {
    return ProviderType.BITBUCKET_CLOUD;
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
    ScmEvent.Kind kind;
    if ("pullrequest:fulfilled".equals(event)) {
      kind = ScmEvent.Kind.MERGED;
    } else if ("pullrequest:rejected".equals(event)) {
      kind = ScmEvent.Kind.CLOSED;
    } else if ("pullrequest:updated".equals(event)) {
      kind = ScmEvent.Kind.UPDATED;
    } else {
      return ScmParseResult.ignored(EVENT_HEADER + " '" + event + "' changes no merge wait");
    }
    String repository = Payloads.text(payload, "repository.full_name", NAME);
    long number = Payloads.number(payload, "pullrequest.id", NAME);
    String commit =
        switch (kind) {
          case MERGED -> Payloads.commit(payload, "pullrequest.merge_commit.hash", NAME);
          case UPDATED -> Payloads.commit(payload, "pullrequest.source.commit.hash", NAME);
          case CLOSED -> null;
        };
    return ScmParseResult.of(
        new ScmEvent(
            provider(),
            repository,
            number,
            kind,
            commit,
            Payloads.optionalText(payload, "pullrequest.links.html.href"),
            Payloads.optionalText(payload, "actor.display_name")));
  }
}
