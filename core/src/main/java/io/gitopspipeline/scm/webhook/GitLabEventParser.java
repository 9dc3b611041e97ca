package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * GitLab: {@code Merge Request Hook} events, authenticated by the webhook's secret token in {@code
 * X-Gitlab-Token} (GitLab sends the token itself; it signs nothing). {@code
 * object_attributes.action} {@code merge}, {@code close} and {@code update} (a new head) count.
 */
public final class GitLabEventParser implements ScmEventParser {
  static final String EVENT_HEADER = "X-Gitlab-Event";
  static final String TOKEN_HEADER = "X-Gitlab-Token";
  private static final String NAME = "GitLab";

  @Override
  public ProviderType provider() {
    return ProviderType.GITLAB;
  }

  @Override
  public Optional<String> rejectHeaders(Function<String, String> headers, Secret secret) {
    return Signatures.checkToken(TOKEN_HEADER, headers.apply(TOKEN_HEADER), secret);
  }

  @Override
  public Optional<String> reject(Function<String, String> headers, byte[] body, Secret secret) {
    return rejectHeaders(headers, secret);
  }

  @Override
  public ScmParseResult parse(Function<String, String> headers, JsonNode payload)
      throws InvalidInputException {
    String event = headers.apply(EVENT_HEADER);
    if (!"Merge Request Hook".equals(event)
        && !("System Hook".equals(event)
            && "merge_request".equals(Payloads.optionalText(payload, "object_kind")))) {
      return ScmParseResult.ignored(EVENT_HEADER + " '" + event + "' is not a merge request event");
    }
    String repository = Payloads.text(payload, "project.path_with_namespace", NAME);
    long number = Payloads.number(payload, "object_attributes.iid", NAME);
    String url = Payloads.optionalText(payload, "object_attributes.url");
    String actor = Payloads.optionalText(payload, "user.username");
    String action = Payloads.optionalText(payload, "object_attributes.action");
    if (action == null) {
      return ScmParseResult.ignored("merge request event without an action");
    }
    return switch (action) {
      case "merge" ->
          ScmParseResult.of(
              new ScmEvent(
                  provider(),
                  repository,
                  number,
                  ScmEvent.Kind.MERGED,
                  Payloads.commit(payload, "object_attributes.merge_commit_sha", NAME),
                  url,
                  actor));
      case "close" ->
          ScmParseResult.of(
              new ScmEvent(provider(), repository, number, ScmEvent.Kind.CLOSED, null, url, actor));
      case "update" ->
          ScmParseResult.of(
              new ScmEvent(
                  provider(),
                  repository,
                  number,
                  ScmEvent.Kind.UPDATED,
                  Payloads.commit(payload, "object_attributes.last_commit.id", NAME),
                  url,
                  actor));
      default ->
          ScmParseResult.ignored("merge request action '" + action + "' changes no merge wait");
    };
  }
}
