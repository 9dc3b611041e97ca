package io.gitopspipeline.scm.bitbucketcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.ChecksState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.JsonFields;
import io.gitopspipeline.scm.PageWalk;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.PullRequestState;
import io.gitopspipeline.scm.ReportedCommitStatus;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmHttp;
import io.gitopspipeline.scm.ScmProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bitbucket Cloud through REST API 2.0: {@code WORKSPACE/REPO}; an access token (bearer) or {@code
 * USER:APP_PASSWORD} (basic). It has neither labels nor an auto-merge the API can arm, and reports
 * no mergeability: merging waits for every build status to be green and lets the merge endpoint
 * refuse conflicts and unmet merge checks.
 */
public final class BitbucketCloudProvider implements ScmProvider {
  private static final ProviderType TYPE = ProviderType.BITBUCKET_CLOUD;
  private static final int MAX_BODY = 32_000;

  private final RepositoryId repository;
  private final ScmContext context;
  private final ScmHttp http;
  private final String repoUrl;
  private final URI api;

  public BitbucketCloudProvider(ScmConnection connection, ScmContext context) {
    this.repository = connection.repository();
    this.context = context;
    String base = connection.baseUrl();
    if (base.equalsIgnoreCase("https://bitbucket.org")) {
      base = "https://api.bitbucket.org/2.0"; // the web address people copy from the browser
    }
    this.api = URI.create(base);
    this.repoUrl =
        base
            + "/repositories/"
            + ScmHttp.segment(repository.owner())
            + "/"
            + ScmHttp.segment(repository.name());
    String token = connection.token().reveal();
    String authorization =
        token.contains(":")
            ? "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
            : "Bearer " + token;
    this.http =
        new ScmHttp(TYPE, repository, context, () -> Map.of("Authorization", authorization));
  }

  @Override
  public ProviderType type() {
    return TYPE;
  }

  @Override
  public RepositoryId repository() {
    return repository;
  }

  @Override
  public int maxBodyLength() {
    return MAX_BODY;
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch)
      throws GitOpsException {
    String q =
        "source.branch.name="
            + quoted(headBranch)
            + " AND destination.branch.name="
            + quoted(baseBranch)
            + " AND state=\"OPEN\"";
    Optional<JsonNode> found =
        PageWalk.openPullRequests(TYPE, repository, headBranch, baseBranch)
            .findOpen(
                repoUrl + "/pullrequests?q=" + ScmHttp.query(q) + "&pagelen=50",
                nextLinks(),
                pr ->
                    headBranch.equals(pr.path("source").path("branch").path("name").asText())
                        && baseBranch.equals(
                            pr.path("destination").path("branch").path("name").asText()));
    return found.isEmpty() ? Optional.empty() : Optional.of(toPullRequest(found.get()));
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("title", spec.title());
    body.put("description", spec.body());
    body.putObject("source").putObject("branch").put("name", spec.headBranch());
    body.putObject("destination").putObject("branch").put("name", spec.baseBranch());
    body.put("close_source_branch", true);
    if (spec.draft()) {
      body.put("draft", true);
    }
    if (!spec.reviewers().isEmpty()) {
      ArrayNode reviewers = body.putArray("reviewers");
      spec.reviewers().forEach(r -> reviewers.add(reviewer(r)));
    }
    warnNoLabels(spec.labels());
    return toPullRequest(http.post(repoUrl + "/pullrequests", body));
  }

  /** Reviewers are account UUIDs ({@code {...}}) or Atlassian account ids. */
  private static ObjectNode reviewer(String id) {
    ObjectNode node = ScmHttp.object();
    if (id.startsWith("{")) {
      node.put("uuid", id);
    } else {
      node.put("account_id", id);
    }
    return node;
  }

  @Override
  public PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("title", spec.title());
    body.put("description", spec.body());
    // Always the full reviewer list: a PUT without it drops the reviewers people added.
    JsonNode current = http.get(repoUrl + "/pullrequests/" + existing.number());
    Set<String> ids = new LinkedHashSet<>();
    ArrayNode reviewers = body.putArray("reviewers");
    for (JsonNode reviewer : current.path("reviewers")) {
      String uuid = reviewer.path("uuid").asText();
      if (!uuid.isEmpty() && ids.add(uuid)) {
        reviewers.addObject().put("uuid", uuid);
      }
    }
    for (String reviewer : spec.reviewers()) {
      if (ids.add(reviewer)) {
        reviewers.add(reviewer(reviewer));
      }
    }
    warnNoLabels(spec.labels());
    return toPullRequest(http.put(repoUrl + "/pullrequests/" + existing.number(), body));
  }

  private void warnNoLabels(List<String> labels) {
    if (!labels.isEmpty()) {
      context
          .progress()
          .warn("scm", "Bitbucket Cloud has no pull request labels; ignoring " + labels);
    }
  }

  @Override
  public PullRequest get(long number) throws GitOpsException {
    return toPullRequest(http.get(repoUrl + "/pullrequests/" + number));
  }

  @Override
  public boolean enableAutoMerge(PullRequest pullRequest) {
    return false;
  }

  @Override
  public ChecksState checks(PullRequest pullRequest) throws GitOpsException {
    return ChecksState.combine(
        statuses(pullRequest.headSha()),
        status ->
            switch (status.path("state").asText()) {
              case "SUCCESSFUL" -> ChecksState.SUCCESS;
              case "INPROGRESS" -> ChecksState.PENDING;
              default -> ChecksState.FAILURE;
            });
  }

  /** Every page of a commit's statuses, up to the walk's cap. */
  private PageWalk.Pages<JsonNode> statuses(String sha) throws GitOpsException {
    return PageWalk.commitStatuses(TYPE, repository, sha)
        .readAll(
            context,
            repoUrl + "/commit/" + ScmHttp.segment(sha) + "/statuses?pagelen=100",
            nextLinks());
  }

  @Override
  public void merge(PullRequest pullRequest) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("type", "pullrequest_merge_parameters");
    body.put("merge_strategy", "merge_commit");
    body.put("close_source_branch", true);
    http.post(repoUrl + "/pullrequests/" + pullRequest.number() + "/merge", body);
  }

  @Override
  public void setCommitStatus(String sha, CommitStatus status) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put(
        "state",
        switch (status.state()) {
          case PENDING -> "INPROGRESS";
          case SUCCESS -> "SUCCESSFUL";
          case FAILURE, ERROR -> "FAILED";
        });
    body.put("key", status.context());
    body.put("name", status.context());
    if (status.targetUrl() != null) {
      body.put("url", status.targetUrl());
    }
    body.put("description", status.description());
    http.post(repoUrl + "/commit/" + sha + "/statuses/build", body);
  }

  /**
   * Reads {@code GET /2.0/repositories/{workspace}/{repo}/commit/{sha}/statuses}, following its
   * {@code next} links.
   */
  @Override
  public List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException {
    return ReportedCommitStatus.newestFirst(statuses(sha).map(BitbucketCloudProvider::toStatus));
  }

  // package-private: fuzzed with untrusted response bodies
  static ReportedCommitStatus toStatus(JsonNode status) {
    // name is what people (and Flux, as "kind/name") chose; Flux's key is a hash
    String name = status.path("name").asText("");
    return ReportedCommitStatus.fromJson(
        status,
        name.isEmpty() ? status.path("key").asText("") : name,
        status.path("state").asText(""), // SUCCESSFUL, FAILED, INPROGRESS, STOPPED
        "url",
        "updated_on",
        "created_on");
  }

  /** Bitbucket Cloud's paging: {@code {"values":[...],"next":URL}}, no {@code next} on the last. */
  private PageWalk.PageReader<String, JsonNode> nextLinks() {
    return url -> {
      JsonNode page = http.get(url);
      return PageWalk.Page.ofJson(page.path("values"), next(page));
    };
  }

  /**
   * The page after this one, or null. The token goes with every request, so a {@code next} link is
   * followed only to the API's own scheme, host and port.
   */
  private String next(JsonNode page) throws GitOpsException {
    String next = page.path("next").asText(null);
    if (next == null || next.isEmpty()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(next);
    } catch (IllegalArgumentException e) {
      throw new GitOpsException(
          "Bitbucket Cloud answered with an unreadable next-page link for " + repository);
    }
    if (!ScmHttp.sameOrigin(api, uri)) {
      throw new GitOpsException(
          "Bitbucket Cloud answered with a next-page link to "
              + ScmHttp.hostAndPort(uri)
              + ", not to "
              + ScmHttp.hostAndPort(api)
              + "; refusing to send the token there (check --server-url)");
    }
    return next;
  }

  @Override
  public void comment(long number, String body) throws GitOpsException {
    ObjectNode comment = ScmHttp.object();
    comment.putObject("content").put("raw", body);
    http.post(repoUrl + "/pullrequests/" + number + "/comments", comment);
  }

  @Override
  public boolean branchExists(String branch) throws GitOpsException {
    return http.existsIn(repoUrl, repoUrl + "/refs/branches/" + ScmHttp.segment(branch));
  }

  // package-private: fuzzed with untrusted response bodies
  PullRequest toPullRequest(JsonNode pr) throws GitOpsException {
    JsonFields fields = new JsonFields(TYPE, repository, "with a pull request");
    long number = fields.number(pr, "id");
    String state = fields.text(pr, "state");
    PullRequestState mapped =
        switch (state) {
          case "MERGED" -> PullRequestState.MERGED;
          case "DECLINED", "SUPERSEDED" -> PullRequestState.CLOSED;
          default -> PullRequestState.OPEN;
        };
    JsonNode closedBy = pr.path("closed_by");
    return new PullRequest(
        number,
        pr.path("links").path("html").path("href").asText(null),
        mapped,
        pr.path("source").path("branch").path("name").asText(null),
        pr.path("destination").path("branch").path("name").asText(null),
        pr.path("source").path("commit").path("hash").asText(null),
        mapped == PullRequestState.MERGED
            ? pr.path("merge_commit").path("hash").asText(null)
            : null,
        closedBy.isObject() ? closedBy.path("display_name").asText(null) : null,
        pr.path("title").asText(null),
        List.of(),
        // Bitbucket Cloud does not report mergeability; the merge endpoint refuses conflicts
        mapped == PullRequestState.OPEN && !pr.path("draft").asBoolean(false) ? Boolean.TRUE : null,
        null);
  }
}
