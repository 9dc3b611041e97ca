package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * Gitea and Forgejo: {@code pull_request} events ({@code X-Forgejo-Event} or {@code
 * X-Gitea-Event}), signed with the HMAC-SHA256 of the body as bare hex in {@code
 * X-Forgejo-Signature} or {@code X-Gitea-Signature}. {@code closed} with {@code
 * pull_request.merged} is the merge, {@code synchronized} a new head.
 */
public final class GiteaEventParser implements ScmEventParser {
  static final String FORGEJO_SIGNATURE = "X-Forgejo-Signature";
  static final String GITEA_SIGNATURE = "X-Gitea-Signature";
  private static final String NAME = "Gitea/Forgejo";

  @Override
  public ProviderType provider() {
    return ProviderType.GITEA;
  }

  /** Forgejo sends both headers; the Forgejo one is preferred. */
  private static String signatureHeader(Function<String, String> headers) {
    return headers.apply(FORGEJO_SIGNATURE) != null ? FORGEJO_SIGNATURE : GITEA_SIGNATURE;
  }

  @Override
  public Optional<String> rejectHeaders(Function<String, String> headers, Secret secret) {
    String header = signatureHeader(headers);
    return Signatures.checkHexShape(header, "", headers.apply(header));
  }

  @Override
  public Optional<String> reject(Function<String, String> headers, byte[] body, Secret secret) {
    String header = signatureHeader(headers);
    return Signatures.checkHmacHex(header, "", headers.apply(header), secret, body);
  }

  @Override
  public ScmParseResult parse(Function<String, String> headers, JsonNode payload)
      throws InvalidInputException {
    String event = headers.apply("X-Forgejo-Event");
    if (event == null) {
      event = headers.apply("X-Gitea-Event");
    }
    if (!"pull_request".equals(event)) {
      return ScmParseResult.ignored("event '" + event + "' is not a pull_request event");
    }
    String action = Payloads.text(payload, "action", NAME);
    String repository = Payloads.text(payload, "repository.full_name", NAME);
    long number = Payloads.number(payload, "pull_request.number", NAME);
    String url = Payloads.optionalText(payload, "pull_request.html_url");
    String actor = Payloads.optionalText(payload, "sender.login");
    switch (action) {
      case "closed" -> {
        if (Payloads.at(payload, "pull_request.merged").asBoolean(false)) {
          return ScmParseResult.of(
              new ScmEvent(
                  provider(),
                  repository,
                  number,
                  ScmEvent.Kind.MERGED,
                  Payloads.commit(payload, "pull_request.merge_commit_sha", NAME),
                  url,
                  actor));
        }
        return ScmParseResult.of(
            new ScmEvent(provider(), repository, number, ScmEvent.Kind.CLOSED, null, url, actor));
      }
      case "synchronized" -> {
        return ScmParseResult.of(
            new ScmEvent(
                provider(),
                repository,
                number,
                ScmEvent.Kind.UPDATED,
                Payloads.commit(payload, "pull_request.head.sha", NAME),
                url,
                actor));
      }
      default -> {
        return ScmParseResult.ignored("pull_request action '" + action + "' changes no merge wait");
      }
    }
  }
}
