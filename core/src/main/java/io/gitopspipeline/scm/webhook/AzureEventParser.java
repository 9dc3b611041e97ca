package io.gitopspipeline.scm.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.ProviderType;
import java.util.Optional;
import java.util.function.Function;

/**
 * Azure DevOps "Web Hooks" service hooks {@code git.pullrequest.merged} ("merge attempted") and
 * {@code git.pullrequest.updated}. Azure signs nothing: the hook carries basic authentication
 * (whose password must be the secret; the user name is not checked) or a custom header {@code
 * X-Gitops-Token: <secret>}. What counts is {@code resource.status}: {@code completed} (merged, at
 * {@code lastMergeCommit}), {@code abandoned} (closed); a merge attempt on a pull request still
 * {@code active} is not a merge.
 */
public final class AzureEventParser implements ScmEventParser {
  static final String TOKEN_HEADER = "X-Gitops-Token";
  private static final String NAME = "Azure DevOps";

  @Override
  public ProviderType provider() {
    return ProviderType.AZURE;
  }

  @Override
  public Optional<String> rejectHeaders(Function<String, String> headers, Secret secret) {
    String token = headers.apply(TOKEN_HEADER);
    if (token != null) {
      return Signatures.checkToken(TOKEN_HEADER, token, secret);
    }
    String password = Signatures.basicPassword(headers.apply("Authorization"));
    if (password == null) {
      return Optional.of(
          "missing credentials (basic authentication or an " + TOKEN_HEADER + " header)");
    }
    return Signatures.sameSecret(password, secret)
        ? Optional.empty()
        : Optional.of("basic authentication password does not match");
  }

  @Override
  public Optional<String> reject(Function<String, String> headers, byte[] body, Secret secret) {
    return rejectHeaders(headers, secret);
  }

  @Override
  public ScmParseResult parse(Function<String, String> headers, JsonNode payload)
      throws InvalidInputException {
    String eventType = Payloads.optionalText(payload, "eventType");
    if (!"git.pullrequest.merged".equals(eventType)
        && !"git.pullrequest.updated".equals(eventType)) {
      return ScmParseResult.ignored("eventType '" + eventType + "' changes no merge wait");
    }
    String repository =
        Payloads.text(payload, "resource.repository.project.name", NAME)
            + "/"
            + Payloads.text(payload, "resource.repository.name", NAME);
    long number = Payloads.number(payload, "resource.pullRequestId", NAME);
    String status = Payloads.text(payload, "resource.status", NAME);
    String url = Payloads.optionalText(payload, "resource._links.web.href");
    String actor = Payloads.optionalText(payload, "resource.closedBy.displayName");
    return switch (status) {
      case "completed" ->
          ScmParseResult.of(
              new ScmEvent(
                  provider(),
                  repository,
                  number,
                  ScmEvent.Kind.MERGED,
                  Payloads.commit(payload, "resource.lastMergeCommit.commitId", NAME),
                  url,
                  actor));
      case "abandoned" ->
          ScmParseResult.of(
              new ScmEvent(provider(), repository, number, ScmEvent.Kind.CLOSED, null, url, actor));
      case "active" ->
          "git.pullrequest.updated".equals(eventType)
              ? ScmParseResult.of(
                  new ScmEvent(
                      provider(),
                      repository,
                      number,
                      ScmEvent.Kind.UPDATED,
                      Payloads.commit(payload, "resource.lastMergeSourceCommit.commitId", NAME),
                      url,
                      null))
              : ScmParseResult.ignored("merge attempted; the pull request is still active");
      default -> ScmParseResult.ignored("pull request status '" + status + "' changes nothing");
    };
  }
}
