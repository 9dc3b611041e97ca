package io.gitopspipeline.scm.bitbucket;

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
import io.gitopspipeline.scm.ScmFailures;
import io.gitopspipeline.scm.ScmHttp;
import io.gitopspipeline.scm.ScmNotFoundException;
import io.gitopspipeline.scm.ScmProvider;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Bitbucket Data Center / Server through REST API 1.0: {@code PROJECT/REPO} (project key and
 * repository slug), HTTP access tokens as bearer tokens. It has no pull request labels and no
 * auto-merge the API can arm; merging waits for {@code canMerge} (which includes the repository's
 * merge checks, e.g. required builds) and green build statuses.
 */
public final class BitbucketServerProvider implements ScmProvider {
  private static final ProviderType TYPE = ProviderType.BITBUCKET;
  // Bitbucket Data Center rejects descriptions over 32 KiB
  private static final int MAX_BODY = 32_000;
  private static final int PAGE = 100;

  private final RepositoryId repository;
  private final ScmContext context;
  private final ScmHttp http;
  private final String server;
  private final String repoUrl;

  public BitbucketServerProvider(ScmConnection connection, ScmContext context) {
    this.repository = connection.repository();
    this.context = context;
    this.server = connection.baseUrl();
    this.repoUrl =
        server
            + "/rest/api/1.0/projects/"
            + ScmHttp.segment(repository.owner())
            + "/repos/"
            + ScmHttp.segment(repository.name());
    String bearer = "Bearer " + connection.token().reveal();
    // X-Atlassian-Token: Bitbucket's XSRF check otherwise refuses some POSTs from non-browsers
    this.http =
        new ScmHttp(
            TYPE,
            repository,
            context,
            () -> Map.of("Authorization", bearer, "X-Atlassian-Token", "no-check"));
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

  private static String ref(String branch) {
    return branch.startsWith("refs/") ? branch : "refs/heads/" + branch;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch)
      throws GitOpsException {
    String outgoing =
        repoUrl
            + "/pull-requests?direction=OUTGOING&at="
            + ScmHttp.query(ref(headBranch))
            + "&state=OPEN&start=";
    Optional<JsonNode> found =
        PageWalk.openPullRequests(TYPE, repository, headBranch, baseBranch)
            .findOpen(
                0,
                startPages(start -> outgoing + start + "&limit=" + PAGE),
                pr ->
                    ref(headBranch).equals(pr.path("fromRef").path("id").asText())
                        && ref(baseBranch).equals(pr.path("toRef").path("id").asText()));
    return found.isEmpty() ? Optional.empty() : Optional.of(toPullRequest(found.get()));
  }

  /**
   * Bitbucket Data Center's paging: {@code {"values":[...],"isLastPage":...,"nextPageStart":N}},
   * the next page asked for with {@code start=N}.
   */
  private PageWalk.PageReader<Integer, JsonNode> startPages(IntFunction<String> url) {
    return start -> {
      JsonNode page = http.get(url.apply(start));
      boolean last = page.path("isLastPage").asBoolean(true) || !page.has("nextPageStart");
      return PageWalk.Page.ofJson(
          page.path("values"), last ? null : page.path("nextPageStart").asInt());
    };
  }

  private ObjectNode refNode(String branch) {
    ObjectNode node = ScmHttp.object();
    node.put("id", ref(branch));
    ObjectNode repo = node.putObject("repository");
    repo.put("slug", repository.name());
    repo.putObject("project").put("key", repository.owner());
    return node;
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("title", spec.title());
    body.put("description", spec.body());
    body.put("state", "OPEN");
    body.put("open", true);
    body.put("closed", false);
    body.set("fromRef", refNode(spec.headBranch()));
    body.set("toRef", refNode(spec.baseBranch()));
    body.put("locked", false);
    if (spec.draft()) {
      body.put("draft", true); // Bitbucket Data Center 8.18 and later
    }
    ArrayNode reviewers = body.putArray("reviewers");
    spec.reviewers().forEach(r -> reviewers.addObject().putObject("user").put("name", r));
    warnNoLabels(spec.labels());
    return toPullRequest(http.post(repoUrl + "/pull-requests", body));
  }

  @Override
  public PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException {
    JsonNode current = http.get(repoUrl + "/pull-requests/" + existing.number());
    ObjectNode body = ScmHttp.object();
    // the version guards against overwriting someone else's concurrent edit
    body.put("version", current.path("version").asInt());
    body.put("title", spec.title());
    body.put("description", spec.body());
    // Always the full reviewer list: a PUT without it would drop the reviewers people added.
    Set<String> names = new LinkedHashSet<>();
    current.path("reviewers").forEach(r -> names.add(r.path("user").path("name").asText()));
    names.addAll(spec.reviewers());
    ArrayNode reviewers = body.putArray("reviewers");
    names.forEach(n -> reviewers.addObject().putObject("user").put("name", n));
    warnNoLabels(spec.labels());
    return toPullRequest(http.put(repoUrl + "/pull-requests/" + existing.number(), body));
  }

  private void warnNoLabels(List<String> labels) {
    if (!labels.isEmpty()) {
      context
          .progress()
          .warn("scm", "Bitbucket Data Center has no pull request labels; ignoring " + labels);
    }
  }

  @Override
  public PullRequest get(long number) throws GitOpsException {
    JsonNode pr = http.get(repoUrl + "/pull-requests/" + number);
    PullRequest result = toPullRequest(pr);
    if (result.state() == PullRequestState.OPEN) {
      // canMerge covers conflicts and the repository's merge checks (required builds, approvals)
      JsonNode merge = http.get(repoUrl + "/pull-requests/" + number + "/merge");
      boolean canMerge =
          merge.path("canMerge").asBoolean(false) && !merge.path("conflicted").asBoolean(false);
      return with(result, canMerge, null);
    }
    if (result.state() == PullRequestState.CLOSED) {
      return with(result, null, decliner(number));
    }
    return result;
  }

  private String decliner(long number) throws GitOpsException {
    JsonNode activities =
        http.get(repoUrl + "/pull-requests/" + number + "/activities?start=0&limit=" + PAGE);
    for (JsonNode activity : activities.path("values")) {
      if ("DECLINED".equals(activity.path("action").asText())) {
        return activity.path("user").path("name").asText(null);
      }
    }
    return null;
  }

  private static PullRequest with(PullRequest pr, Boolean mergeable, String closedBy) {
    return new PullRequest(
        pr.number(),
        pr.url(),
        pr.state(),
        pr.headBranch(),
        pr.baseBranch(),
        pr.headSha(),
        pr.mergeCommit(),
        closedBy == null ? pr.closedBy() : closedBy,
        pr.title(),
        pr.labels(),
        mergeable,
        pr.providerId());
  }

  @Override
  public boolean enableAutoMerge(PullRequest pullRequest) {
    return false;
  }

  @Override
  public ChecksState checks(PullRequest pullRequest) throws GitOpsException {
    JsonNode stats =
        http.get(server + "/rest/build-status/1.0/commits/stats/" + pullRequest.headSha());
    int successful = stats.path("successful").asInt(0);
    int inProgress = stats.path("inProgress").asInt(0);
    int failed = stats.path("failed").asInt(0) + stats.path("cancelled").asInt(0);
    if (failed > 0) {
      return ChecksState.FAILURE;
    }
    if (inProgress > 0) {
      return ChecksState.PENDING;
    }
    return successful > 0 ? ChecksState.SUCCESS : ChecksState.NONE;
  }

  @Override
  public void merge(PullRequest pullRequest) throws GitOpsException {
    // version: Bitbucket refuses (409) when the pull request changed since we looked
    http.post(
        repoUrl
            + "/pull-requests/"
            + pullRequest.number()
            + "/merge?version="
            + pullRequest.providerId(),
        ScmHttp.object());
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
    // the build-status API requires a URL
    body.put("url", status.targetUrl() == null ? server : status.targetUrl());
    body.put("description", status.description());
    http.post(server + "/rest/build-status/1.0/commits/" + sha, body);
  }

  /**
   * Reads {@code GET /rest/build-status/1.0/commits/{sha}}: the same commit-wide build-status
   * resource {@link #setCommitStatus} posts to, and the only one that lists a commit's statuses
   * (the repository-scoped {@code .../commits/{sha}/builds} of 7.14 and later answers one status
   * per {@code key}, and Flux's bitbucketserver provider, which posts there, names its keys by a
   * hash we cannot know). Bitbucket keeps the 100 most recent statuses of a commit and pages them
   * with {@code start}, {@code isLastPage} and {@code nextPageStart}.
   */
  @Override
  public List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException {
    String builds = server + "/rest/build-status/1.0/commits/" + ScmHttp.segment(sha) + "?start=";
    return ReportedCommitStatus.newestFirst(
        PageWalk.commitStatuses(TYPE, repository, sha)
            .readAll(context, 0, startPages(start -> builds + start + "&limit=" + PAGE))
            .map(BitbucketServerProvider::toStatus));
  }

  // package-private: fuzzed with untrusted response bodies
  static ReportedCommitStatus toStatus(JsonNode status) {
    // name is what people (and Flux, as "kind/name [description]") chose; key is often a hash
    String name = status.path("name").asText("");
    long millis =
        status.path("updatedDate").asLong(status.path("dateAdded").asLong(0)); // 1.0: dateAdded
    return new ReportedCommitStatus(
        name.isEmpty() ? status.path("key").asText("") : name,
        // SUCCESSFUL, FAILED, INPROGRESS, CANCELLED (8.x), UNKNOWN (8.x)
        status.path("state").asText("").toLowerCase(Locale.ROOT),
        status.path("description").asText(""),
        status.hasNonNull("url") ? status.path("url").asText() : null,
        millis > 0 ? Instant.ofEpochMilli(millis) : null);
  }

  @Override
  public void comment(long number, String body) throws GitOpsException {
    http.post(
        repoUrl + "/pull-requests/" + number + "/comments", ScmHttp.object().put("text", body));
  }

  @Override
  public boolean branchExists(String branch) throws GitOpsException {
    // filterText matches anywhere in a name, so the branch may be past the first page of matches
    String matching = repoUrl + "/branches?filterText=" + ScmHttp.query(branch) + "&start=";
    try {
      return new PageWalk(TYPE, repository, "branches matching " + branch)
          .find(
              0,
              startPages(start -> matching + start + "&limit=" + PAGE),
              b -> ref(branch).equals(b.path("id").asText()),
              "reporting the branch missing")
          .isPresent();
    } catch (ScmNotFoundException e) {
      throw ScmFailures.repositoryMissing(TYPE, repository);
    }
  }

  // package-private: fuzzed with untrusted response bodies
  PullRequest toPullRequest(JsonNode pr) throws GitOpsException {
    JsonFields fields = new JsonFields(TYPE, repository, "with a pull request");
    long number = fields.number(pr, "id");
    String state = fields.text(pr, "state").toUpperCase(Locale.ROOT);
    PullRequestState mapped =
        switch (state) {
          case "MERGED" -> PullRequestState.MERGED;
          case "DECLINED" -> PullRequestState.CLOSED;
          default -> PullRequestState.OPEN;
        };
    String url = pr.path("links").path("self").path(0).path("href").asText(null);
    return new PullRequest(
        number,
        url,
        mapped,
        stripRef(pr.path("fromRef").path("id").asText(null)),
        stripRef(pr.path("toRef").path("id").asText(null)),
        pr.path("fromRef").path("latestCommit").asText(null),
        mapped == PullRequestState.MERGED
            ? pr.path("properties").path("mergeCommit").path("id").asText(null)
            : null,
        null,
        pr.path("title").asText(null),
        List.of(),
        null,
        pr.path("version").asText("0"));
  }

  private static String stripRef(String ref) {
    return ref != null && ref.startsWith("refs/heads/")
        ? ref.substring("refs/heads/".length())
        : ref;
  }
}
