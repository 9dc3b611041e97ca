package io.gitopspipeline.scm.gitea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
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
import io.gitopspipeline.scm.ScmNotFoundException;
import io.gitopspipeline.scm.ScmProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/** Gitea and Forgejo through their REST API v1 ({@code /api/v1}). */
public final class GiteaProvider implements ScmProvider {
  private static final ProviderType TYPE = ProviderType.GITEA;
  private static final int MAX_BODY = 65_000;
  private static final int PAGE = 50;
  private static final String DRAFT_PREFIX = "WIP: ";

  private final RepositoryId repository;
  private final ScmContext context;
  private final ScmHttp http;
  private final String repoUrl;

  public GiteaProvider(ScmConnection connection, ScmContext context) {
    this.repository = connection.repository();
    this.context = context;
    String base = connection.baseUrl();
    if (!base.endsWith("/api/v1")) {
      base = base + "/api/v1";
    }
    this.repoUrl =
        base
            + "/repos/"
            + ScmHttp.segment(repository.owner())
            + "/"
            + ScmHttp.segment(repository.name());
    String token = "token " + connection.token().reveal();
    this.http = new ScmHttp(TYPE, repository, context, () -> Map.of("Authorization", token));
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

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch)
      throws GitOpsException {
    Optional<JsonNode> found =
        PageWalk.openPullRequests(TYPE, repository, headBranch, baseBranch)
            .findOpen(
                1,
                numberedPages(
                    page -> repoUrl + "/pulls?state=open&page=" + page + "&limit=" + PAGE),
                pr ->
                    headBranch.equals(pr.path("head").path("ref").asText())
                        && baseBranch.equals(pr.path("base").path("ref").asText())
                        && sameRepository(pr.path("head").path("repo")));
    return found.isEmpty() ? Optional.empty() : Optional.of(toPullRequest(found.get()));
  }

  /**
   * Gitea's paging: {@code page=N} (from 1) answered with a JSON array and a {@code Link} header
   * (see {@link #hasNextPage}). Only the page number is sent back, never a URL from the header.
   */
  private PageWalk.PageReader<Integer, JsonNode> numberedPages(IntFunction<String> url) {
    return page -> {
      ScmHttp.Response response = http.send("GET", url.apply(page), null);
      return PageWalk.Page.ofJson(response.body(), hasNextPage(response, PAGE) ? page + 1 : null);
    };
  }

  private boolean sameRepository(JsonNode repo) {
    String fullName = repo.path("full_name").asText(null);
    return fullName == null || fullName.equalsIgnoreCase(repository.path());
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("head", spec.headBranch());
    body.put("base", spec.baseBranch());
    body.put("title", spec.draft() ? DRAFT_PREFIX + spec.title() : spec.title());
    body.put("body", spec.body());
    if (!spec.labels().isEmpty()) {
      ArrayNode ids = body.putArray("labels");
      for (long id : labelIds(spec.labels())) {
        ids.add(id);
      }
    }
    PullRequest created = toPullRequest(http.post(repoUrl + "/pulls", body));
    requestReviewers(created.number(), spec.reviewers());
    return created;
  }

  @Override
  public PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException {
    boolean draft =
        existing.title() != null && existing.title().toUpperCase(Locale.ROOT).startsWith("WIP:");
    ObjectNode body = ScmHttp.object();
    body.put("title", draft ? DRAFT_PREFIX + spec.title() : spec.title());
    body.put("body", spec.body());
    JsonNode updated = http.patch(repoUrl + "/pulls/" + existing.number(), body);
    Set<String> have = new HashSet<>(existing.labels());
    List<String> missing = spec.labels().stream().filter(l -> !have.contains(l)).toList();
    if (!missing.isEmpty()) {
      ObjectNode labels = ScmHttp.object();
      ArrayNode ids = labels.putArray("labels");
      for (long id : labelIds(missing)) {
        ids.add(id);
      }
      http.post(repoUrl + "/issues/" + existing.number() + "/labels", labels);
    }
    requestReviewers(existing.number(), spec.reviewers());
    PullRequest result = toPullRequest(updated);
    List<String> labels = new ArrayList<>(existing.labels());
    labels.addAll(missing);
    return new PullRequest(
        result.number(),
        result.url(),
        result.state(),
        result.headBranch(),
        result.baseBranch(),
        result.headSha(),
        result.mergeCommit(),
        result.closedBy(),
        result.title(),
        labels,
        result.mergeable(),
        result.providerId());
  }

  private void requestReviewers(long number, List<String> reviewers) throws GitOpsException {
    if (reviewers.isEmpty()) {
      return;
    }
    ObjectNode body = ScmHttp.object();
    ArrayNode names = body.putArray("reviewers");
    reviewers.forEach(names::add);
    http.post(repoUrl + "/pulls/" + number + "/requested_reviewers", body);
  }

  /** Gitea takes label ids, not names: look the names up in the repository's labels. */
  private List<Long> labelIds(List<String> names) throws GitOpsException {
    Map<String, Long> known = new HashMap<>();
    Set<String> wanted = new HashSet<>(names);
    // stops once every name is found; a list cut short before that fails rather than guess
    new PageWalk(TYPE, repository, "labels")
        .find(
            1,
            numberedPages(page -> repoUrl + "/labels?page=" + page + "&limit=" + PAGE),
            label -> {
              known.put(label.path("name").asText(), label.path("id").asLong());
              return known.keySet().containsAll(wanted);
            },
            "reporting a label missing");
    List<Long> ids = new ArrayList<>();
    for (String name : names) {
      Long id = known.get(name);
      if (id == null) {
        throw new InvalidInputException(
            "Gitea repository "
                + repository
                + " has no label '"
                + name
                + "'; create it first or drop --label");
      }
      ids.add(id);
    }
    return ids;
  }

  @Override
  public PullRequest get(long number) throws GitOpsException {
    return toPullRequest(http.get(repoUrl + "/pulls/" + number));
  }

  @Override
  public boolean enableAutoMerge(PullRequest pullRequest) throws GitOpsException {
    // Gitea 1.17+ schedules the merge for when all required status checks succeed
    ObjectNode body = ScmHttp.object();
    body.put("Do", "merge");
    body.put("merge_when_checks_succeed", true);
    if (pullRequest.headSha() != null) {
      body.put("head_commit_id", pullRequest.headSha());
    }
    try {
      http.post(repoUrl + "/pulls/" + pullRequest.number() + "/merge", body);
      return true;
    } catch (ScmNotFoundException e) {
      throw e;
    } catch (GitOpsException e) {
      if (e.getMessage().contains("HTTP 401") || e.getMessage().contains("HTTP 403")) {
        throw e;
      }
      // 405/409: an older server, or not mergeable yet; merge ourselves when it is
      context.progress().debug("scm", "Gitea did not schedule the merge: " + e.getMessage());
      return false;
    }
  }

  @Override
  public ChecksState checks(PullRequest pullRequest) throws GitOpsException {
    JsonNode combined = http.get(repoUrl + "/commits/" + pullRequest.headSha() + "/status");
    if (combined.path("total_count").asInt(0) == 0 && combined.path("statuses").isEmpty()) {
      return ChecksState.NONE;
    }
    return switch (combined.path("state").asText()) {
      case "success" -> ChecksState.SUCCESS;
      case "pending", "" -> ChecksState.PENDING;
      default -> ChecksState.FAILURE;
    };
  }

  @Override
  public void merge(PullRequest pullRequest) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("Do", "merge");
    if (pullRequest.headSha() != null) {
      body.put("head_commit_id", pullRequest.headSha());
    }
    http.post(repoUrl + "/pulls/" + pullRequest.number() + "/merge", body);
  }

  @Override
  public void setCommitStatus(String sha, CommitStatus status) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put(
        "state",
        switch (status.state()) {
          case PENDING -> "pending";
          case SUCCESS -> "success";
          case FAILURE -> "failure";
          case ERROR -> "error";
        });
    body.put("context", status.context());
    body.put("description", status.description());
    if (status.targetUrl() != null) {
      body.put("target_url", status.targetUrl());
    }
    http.post(repoUrl + "/statuses/" + sha, body);
  }

  @Override
  public List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException {
    String statuses = repoUrl + "/commits/" + ScmHttp.segment(sha) + "/statuses?page=";
    return ReportedCommitStatus.newestFirst(
        PageWalk.commitStatuses(TYPE, repository, sha)
            .readAll(context, 1, numberedPages(page -> statuses + page + "&limit=" + PAGE))
            .map(GiteaProvider::toStatus));
  }

  /**
   * Whether Gitea says there is a page after this one: its {@code Link} header names a {@code
   * rel="next"}. Without a {@code Link} header (a proxy dropped it), a full page means there may be
   * more.
   */
  static boolean hasNextPage(ScmHttp.Response response, int limit) {
    String link = response.header("Link");
    if (link != null) {
      return link.replace(" ", "").contains("rel=\"next\"");
    }
    return response.body().size() >= limit;
  }

  // package-private: fuzzed with untrusted response bodies
  static ReportedCommitStatus toStatus(JsonNode status) {
    // Gitea names the state "status"; Forgejo and newer Gitea also write "state"
    String state =
        status.hasNonNull("status")
            ? status.path("status").asText()
            : status.path("state").asText("");
    return ReportedCommitStatus.fromJson(
        status, status.path("context").asText(""), state, "target_url", "updated_at", "created_at");
  }

  @Override
  public void comment(long number, String body) throws GitOpsException {
    http.post(repoUrl + "/issues/" + number + "/comments", ScmHttp.object().put("body", body));
  }

  @Override
  public boolean branchExists(String branch) throws GitOpsException {
    return http.existsIn(repoUrl, repoUrl + "/branches/" + ScmHttp.segment(branch));
  }

  // package-private: fuzzed with untrusted response bodies
  PullRequest toPullRequest(JsonNode pr) throws GitOpsException {
    JsonFields fields = new JsonFields(TYPE, repository, "with a pull request");
    long number = fields.number(pr, "number");
    fields.text(pr, "state");
    boolean merged = pr.path("merged").asBoolean(false);
    PullRequestState state =
        merged
            ? PullRequestState.MERGED
            : "closed".equals(pr.path("state").asText())
                ? PullRequestState.CLOSED
                : PullRequestState.OPEN;
    List<String> labels = new ArrayList<>();
    pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
    JsonNode mergedBy = pr.path("merged_by");
    Boolean mergeable = pr.has("mergeable") ? pr.path("mergeable").asBoolean() : null;
    return new PullRequest(
        number,
        pr.path("html_url").asText(null),
        state,
        pr.path("head").path("ref").asText(null),
        pr.path("base").path("ref").asText(null),
        pr.path("head").path("sha").asText(null),
        merged ? pr.path("merge_commit_sha").asText(null) : null,
        merged && mergedBy.isObject() ? mergedBy.path("login").asText(null) : null,
        pr.path("title").asText(null),
        labels,
        state == PullRequestState.OPEN ? mergeable : null,
        null);
  }
}
