package io.gitopspipeline.scm.azure;

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
import io.gitopspipeline.scm.ScmFailures;
import io.gitopspipeline.scm.ScmHttp;
import io.gitopspipeline.scm.ScmNotFoundException;
import io.gitopspipeline.scm.ScmProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Azure Repos (Azure DevOps Services and Server) through the REST API 7.1: pull requests,
 * auto-complete, commit statuses, threads. Addressed as {@code ORG/PROJECT/REPO}; authenticates
 * with a personal access token (HTTP Basic, empty user name).
 */
public final class AzureDevOpsProvider implements ScmProvider {
  private static final ProviderType TYPE = ProviderType.AZURE;
  static final String API = "api-version=7.1";
  // pull request labels are still a preview API in 7.1
  static final String LABELS_API = "api-version=7.1-preview.1";
  // Azure DevOps limits pull request descriptions to 4000 characters
  private static final int MAX_BODY = 4000;
  private static final int PAGE = 100;
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final RepositoryId repository;
  private final ScmContext context;
  private final ScmHttp http;
  private final String server;
  private final String repoUrl;

  public AzureDevOpsProvider(ScmConnection connection, ScmContext context) {
    this.repository = connection.repository();
    this.context = context;
    this.server = connection.baseUrl();
    this.repoUrl =
        server
            + "/"
            + ScmHttp.segment(repository.segment(0))
            + "/"
            + ScmHttp.segment(repository.segment(1))
            + "/_apis/git/repositories/"
            + ScmHttp.segment(repository.segment(2));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (":" + connection.token().reveal()).getBytes(StandardCharsets.UTF_8));
    this.http = new ScmHttp(TYPE, repository, context, () -> Map.of("Authorization", basic));
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

  private static String branch(String ref) {
    return ref != null && ref.startsWith("refs/heads/")
        ? ref.substring("refs/heads/".length())
        : ref;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch)
      throws GitOpsException {
    String query =
        repoUrl
            + "/pullrequests?searchCriteria.sourceRefName="
            + ScmHttp.query(ref(headBranch))
            + "&searchCriteria.targetRefName="
            + ScmHttp.query(ref(baseBranch))
            + "&searchCriteria.status=active&$top="
            + PAGE
            + "&$skip=";
    Optional<JsonNode> found =
        PageWalk.openPullRequests(TYPE, repository, headBranch, baseBranch)
            .findOpen(
                0,
                offsetPages(skip -> query + skip + "&" + API),
                pr ->
                    ref(headBranch).equals(pr.path("sourceRefName").asText())
                        && ref(baseBranch).equals(pr.path("targetRefName").asText()));
    return found.isEmpty() ? Optional.empty() : Optional.of(toPullRequest(found.get()));
  }

  /**
   * Azure's top/skip paging: pages are {@code {"value":[...]}} and the first one shorter than
   * {@link #PAGE} (the top asked for) is the last.
   */
  private PageWalk.PageReader<Integer, JsonNode> offsetPages(IntFunction<String> url) {
    return skip -> {
      JsonNode values = http.get(url.apply(skip)).path("value");
      return PageWalk.Page.ofJson(values, values.size() < PAGE ? null : skip + values.size());
    };
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("sourceRefName", ref(spec.headBranch()));
    body.put("targetRefName", ref(spec.baseBranch()));
    body.put("title", spec.title());
    body.put("description", spec.body());
    body.put("isDraft", spec.draft());
    if (!spec.labels().isEmpty()) {
      ArrayNode labels = body.putArray("labels");
      spec.labels().forEach(l -> labels.addObject().put("name", l));
    }
    if (!spec.reviewers().isEmpty()) {
      ArrayNode reviewers = body.putArray("reviewers");
      for (String reviewer : spec.reviewers()) {
        reviewers.addObject().put("id", identityId(reviewer));
      }
    }
    return toPullRequest(http.post(repoUrl + "/pullrequests?" + API, body));
  }

  @Override
  public PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("title", spec.title());
    body.put("description", spec.body());
    String prUrl = repoUrl + "/pullrequests/" + existing.number();
    JsonNode updated = http.patch(prUrl + "?" + API, body);
    Set<String> labels = new HashSet<>();
    existing.labels().forEach(l -> labels.add(l.toLowerCase(Locale.ROOT)));
    for (String label : spec.labels()) {
      if (labels.add(label.toLowerCase(Locale.ROOT))) {
        ObjectNode labelBody = ScmHttp.object().put("name", label);
        http.post(
            repoUrl + "/pullRequests/" + existing.number() + "/labels?" + LABELS_API, labelBody);
      }
    }
    Set<String> reviewerIds = new HashSet<>();
    updated
        .path("reviewers")
        .forEach(r -> reviewerIds.add(r.path("id").asText().toLowerCase(Locale.ROOT)));
    for (String reviewer : spec.reviewers()) {
      String id = identityId(reviewer);
      if (reviewerIds.add(id.toLowerCase(Locale.ROOT))) {
        http.put(
            repoUrl + "/pullRequests/" + existing.number() + "/reviewers/" + id + "?" + API,
            ScmHttp.object().put("vote", 0));
      }
    }
    PullRequest result = toPullRequest(updated);
    List<String> allLabels = new ArrayList<>(existing.labels());
    spec.labels().stream().filter(l -> !existing.labels().contains(l)).forEach(allLabels::add);
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
        allLabels,
        result.mergeable(),
        result.providerId());
  }

  /**
   * A reviewer as Azure wants it: an identity id (GUID) as given, or an e-mail address / user name
   * looked up in the organisation's identities.
   */
  private String identityId(String reviewer) throws GitOpsException {
    if (GUID.matcher(reviewer).matches()) {
      return reviewer;
    }
    URI base = URI.create(server);
    String identities =
        "dev.azure.com".equalsIgnoreCase(base.getHost())
            ? base.getScheme() + "://vssps.dev.azure.com/" + ScmHttp.segment(repository.owner())
            : server + "/" + ScmHttp.segment(repository.owner());
    JsonNode found =
        http.get(
            identities
                + "/_apis/identities?searchFilter=General&filterValue="
                + ScmHttp.query(reviewer)
                + "&queryMembership=None&"
                + API);
    JsonNode first = found.path("value").path(0);
    if (first.isMissingNode() || first.path("id").asText().isEmpty()) {
      throw new InvalidInputException(
          "Azure DevOps has no identity '"
              + reviewer
              + "' to request a review from; give an e-mail"
              + " address or an identity id");
    }
    return first.path("id").asText();
  }

  @Override
  public PullRequest get(long number) throws GitOpsException {
    return toPullRequest(http.get(repoUrl + "/pullrequests/" + number + "?" + API));
  }

  @Override
  public boolean enableAutoMerge(PullRequest pullRequest) throws GitOpsException {
    // Auto-complete completes the pull request once every required branch policy passes.
    // autoCompleteSetBy must be the caller: the token's own identity
    String setBy =
        http.get(server + "/" + ScmHttp.segment(repository.owner()) + "/_apis/connectionData")
            .path("authenticatedUser")
            .path("id")
            .asText(null);
    if (setBy == null || setBy.isEmpty()) {
      setBy = pullRequest.providerId();
    }
    ObjectNode body = ScmHttp.object();
    body.putObject("autoCompleteSetBy").put("id", setBy);
    ObjectNode options = body.putObject("completionOptions");
    options.put("mergeStrategy", "noFastForward");
    options.put("deleteSourceBranch", true);
    options.put("bypassPolicy", false);
    http.patch(repoUrl + "/pullrequests/" + pullRequest.number() + "?" + API, body);
    return true;
  }

  @Override
  public ChecksState checks(PullRequest pullRequest) throws GitOpsException {
    return ChecksState.combine(
        latestStatuses(pullRequest.headSha()),
        status ->
            switch (status.path("state").asText()) {
              case "succeeded", "notApplicable" -> ChecksState.SUCCESS;
              case "failed", "error" -> ChecksState.FAILURE;
              default -> ChecksState.PENDING;
            });
  }

  /** The latest status of each context on a commit, every page up to the walk's cap. */
  private PageWalk.Pages<JsonNode> latestStatuses(String sha) throws GitOpsException {
    String statuses = repoUrl + "/commits/" + ScmHttp.segment(sha) + "/statuses?top=" + PAGE;
    return PageWalk.commitStatuses(TYPE, repository, sha)
        .readAll(
            context,
            0,
            offsetPages(skip -> statuses + "&skip=" + skip + "&latestOnly=true&" + API));
  }

  @Override
  public void merge(PullRequest pullRequest) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put("status", "completed");
    // Azure refuses to complete when the source moved past the commit we checked
    body.putObject("lastMergeSourceCommit").put("commitId", pullRequest.headSha());
    ObjectNode options = body.putObject("completionOptions");
    options.put("mergeStrategy", "noFastForward");
    options.put("deleteSourceBranch", true);
    options.put("bypassPolicy", false);
    http.patch(repoUrl + "/pullrequests/" + pullRequest.number() + "?" + API, body);
  }

  @Override
  public void setCommitStatus(String sha, CommitStatus status) throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put(
        "state",
        switch (status.state()) {
          case PENDING -> "pending";
          case SUCCESS -> "succeeded";
          case FAILURE -> "failed";
          case ERROR -> "error";
        });
    body.put("description", status.description());
    if (status.targetUrl() != null) {
      body.put("targetUrl", status.targetUrl());
    }
    // context "gitops/promote/staging" → genre "gitops/promote", name "staging"
    ObjectNode context = body.putObject("context");
    int slash = status.context().lastIndexOf('/');
    if (slash > 0) {
      context.put("name", status.context().substring(slash + 1));
      context.put("genre", status.context().substring(0, slash));
    } else {
      context.put("name", status.context());
    }
    http.post(repoUrl + "/commits/" + sha + "/statuses?" + API, body);
  }

  @Override
  public List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException {
    return ReportedCommitStatus.newestFirst(latestStatuses(sha).map(AzureDevOpsProvider::toStatus));
  }

  // package-private: fuzzed with untrusted response bodies
  static ReportedCommitStatus toStatus(JsonNode status) {
    // Flux writes the id as the context's name, its genre is fluxcd
    return ReportedCommitStatus.fromJson(
        status,
        status.path("context").path("name").asText(""),
        status.path("state").asText(""),
        "targetUrl",
        "updatedDate",
        "creationDate");
  }

  @Override
  public void comment(long number, String body) throws GitOpsException {
    ObjectNode thread = ScmHttp.object();
    ObjectNode comment = thread.putArray("comments").addObject();
    comment.put("parentCommentId", 0);
    comment.put("content", body);
    comment.put("commentType", 1);
    thread.put("status", 1);
    http.post(repoUrl + "/pullRequests/" + number + "/threads?" + API, thread);
  }

  @Override
  public boolean branchExists(String branch) throws GitOpsException {
    JsonNode refs;
    try {
      // filter is a prefix match on the name after "refs/"
      refs = http.get(repoUrl + "/refs?filter=" + ScmHttp.query("heads/" + branch) + "&" + API);
    } catch (ScmNotFoundException e) {
      throw ScmFailures.repositoryMissing(TYPE, repository);
    }
    for (JsonNode ref : refs.path("value")) {
      if (ref(branch).equals(ref.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  // package-private: fuzzed with untrusted response bodies
  PullRequest toPullRequest(JsonNode pr) throws GitOpsException {
    JsonFields fields = new JsonFields(TYPE, repository, "with a pull request");
    String status = fields.text(pr, "status");
    PullRequestState state =
        switch (status) {
          case "completed" -> PullRequestState.MERGED;
          case "abandoned" -> PullRequestState.CLOSED;
          default -> PullRequestState.OPEN;
        };
    long number = fields.number(pr, "pullRequestId");
    String web = pr.path("repository").path("webUrl").asText(null);
    String url =
        web != null
            ? web + "/pullrequest/" + number
            : server
                + "/"
                + ScmHttp.segment(repository.segment(0))
                + "/"
                + ScmHttp.segment(repository.segment(1))
                + "/_git/"
                + ScmHttp.segment(repository.segment(2))
                + "/pullrequest/"
                + number;
    List<String> labels = new ArrayList<>();
    pr.path("labels").forEach(l -> labels.add(l.path("name").asText()));
    JsonNode closedBy = pr.path("closedBy");
    String closer =
        closedBy.isObject()
            ? closedBy.path("uniqueName").asText(closedBy.path("displayName").asText(null))
            : null;
    String mergeStatus = pr.path("mergeStatus").asText("");
    Boolean mergeable =
        switch (mergeStatus) {
          case "succeeded" -> Boolean.TRUE;
          case "conflicts", "failure", "rejectedByPolicy" -> Boolean.FALSE;
          default -> null;
        };
    return new PullRequest(
        number,
        url,
        state,
        branch(pr.path("sourceRefName").asText(null)),
        branch(pr.path("targetRefName").asText(null)),
        pr.path("lastMergeSourceCommit").path("commitId").asText(null),
        state == PullRequestState.MERGED
            ? pr.path("lastMergeCommit").path("commitId").asText(null)
            : null,
        state == PullRequestState.OPEN ? null : closer,
        pr.path("title").asText(null),
        labels,
        pr.path("isDraft").asBoolean(false) ? Boolean.FALSE : mergeable,
        pr.path("createdBy").path("id").asText(null));
  }
}
