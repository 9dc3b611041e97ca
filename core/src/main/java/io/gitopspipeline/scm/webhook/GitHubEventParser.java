package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * GitHub and GitHub Enterprise Server: {@code pull_request} events ({@code X-GitHub-Event}), signed
 * with {@code X-Hub-Signature-256: sha256=<hex>}. {@code closed} with {@code merged: true} is the
 * merge, {@code closed} otherwise a close without merge, {@code synchronize} a new head.
 */
public final class GitHubEventParser implements ScmEventParser {
  static final String EVENT_HEADER = "X-GitHub-Event";
  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
  private static final String NAME = "GitHub";

  @Override
  public ProviderType provider() {
    return ProviderType.GITHUB;
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
    if ("ping".equals(event)) {
      return ScmParseResult.ignored("ping event");
    }
    if (!"pull_request".equals(event)) {
      return ScmParseResult.ignored(EVENT_HEADER + " '" + event + "' is not a pull_request event");
    }
    String action = Payloads.text(payload, "action", NAME);
    String repository = Payloads.text(payload, "repository.full_name", NAME);
    long number = Payloads.number(payload, "pull_request.number", NAME);
    String url = Payloads.optionalText(payload, "pull_request.html_url");
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
                  Payloads.optionalText(payload, "pull_request.merged_by.login")));
        }
        return ScmParseResult.of(
            new ScmEvent(
                provider(),
                repository,
                number,
                ScmEvent.Kind.CLOSED,
                null,
                url,
                Payloads.optionalText(payload, "sender.login")));
      }
      case "synchronize" -> {
        return ScmParseResult.of(
            new ScmEvent(
                provider(),
                repository,
                number,
                ScmEvent.Kind.UPDATED,
                Payloads.commit(payload, "pull_request.head.sha", NAME),
                url,
                Payloads.optionalText(payload, "sender.login")));
      }
      default -> {
        return ScmParseResult.ignored("pull_request action '" + action + "' changes no merge wait");
      }
    }
  }
}
