package io.gitopspipeline.scm.gitlab;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.net.BodyTooLargeException;
import io.gitopspipeline.scm.ChecksState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.PageWalk;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.PullRequestState;
import io.gitopspipeline.scm.RateLimits;
import io.gitopspipeline.scm.ReportedCommitStatus;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmFailures;
import io.gitopspipeline.scm.ScmHttp;
import io.gitopspipeline.scm.ScmNotFoundException;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmUnavailableException;
import jakarta.ws.rs.ProcessingException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gitlab4j.api.GitLabApi;
import org.gitlab4j.api.GitLabApiException;
import org.gitlab4j.api.Pager;
import org.gitlab4j.api.models.AcceptMergeRequestParams;
import org.gitlab4j.api.models.MergeRequest;
import org.gitlab4j.api.models.MergeRequestFilter;
import org.gitlab4j.api.models.MergeRequestParams;
import org.gitlab4j.api.models.Participant;
import org.gitlab4j.api.models.Pipeline;
import org.gitlab4j.api.models.Reviewer;
import org.gitlab4j.api.models.User;
import org.gitlab4j.models.Constants;
import org.gitlab4j.models.GitLabForm;
import org.glassfish.jersey.client.ClientProperties;

/** GitLab.com and self-managed GitLab (API v4) through gitlab4j-api: merge requests. */
public final class GitLabProvider implements ScmProvider {
  private static final ProviderType TYPE = ProviderType.GITLAB;
  // GitLab stores descriptions up to 1,048,576 characters
  private static final int MAX_BODY = 1_000_000;
  private static final int MAX_ATTEMPTS = 6;
  private static final int PAGE = 100;
  private static final String DRAFT_PREFIX = "Draft: ";

  private final RepositoryId repository;
  private final String project;
  private final ScmContext context;
  private final GitLabApi gitlab;

  public GitLabProvider(ScmConnection connection, ScmContext context) {
    this.repository = connection.repository();
    this.project = repository.path();
    this.context = context;
    String base = connection.baseUrl();
    if (base.endsWith("/api/v4")) {
      base = base.substring(0, base.length() - "/api/v4".length());
    }
    // Jersey's default connector follows redirects to any host with the PRIVATE-TOKEN header and
    // bounds only each socket read; ours follows none and bounds the whole exchange.
    Map<String, Object> jersey = new HashMap<>();
    jersey.put(ClientProperties.CONNECTOR_PROVIDER, BoundedConnectorProvider.class.getName());
    jersey.put(ClientProperties.FOLLOW_REDIRECTS, false);
    jersey.put(BoundedConnectorProvider.DEADLINE, context.requestTimeout());
    jersey.put(BoundedConnectorProvider.MAX_BYTES, context.maxResponseBytes());
    this.gitlab = new GitLabApi(base, connection.token().reveal(), jersey);
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws GitLabApiException;
  }

  /** Runs one API call, waiting out rate limits (429, or 403 with RateLimit-Remaining: 0). */
  private <T> T call(String request, Call<T> call) throws GitOpsException {
    Duration waited = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      GitLabApiException e;
      Thread thread = Thread.currentThread();
      ClassLoader loader = thread.getContextClassLoader();
      try {
        // Jersey loads the connector named in its properties through this loader
        thread.setContextClassLoader(GitLabProvider.class.getClassLoader());
        return call.run();
      } catch (GitLabApiException checked) {
        e = checked;
      } catch (RuntimeException unchecked) {
        // Pager.next() wraps the GitLabApiException of a later page
        if (!(unchecked.getCause() instanceof GitLabApiException wrapped)) {
          throw unexpected(unchecked, request);
        }
        e = wrapped;
      } finally {
        thread.setContextClassLoader(loader);
      }
      int status = e.getHttpStatus();
      var headers = e.getHeaders();
      java.util.function.Function<String, String> header =
          name -> headers == null ? null : headers.getFirst(name);
      if (RateLimits.isRateLimited(status, header) && attempt < MAX_ATTEMPTS) {
        Duration wait =
            RateLimits.waitTime(header, context.clock().instant())
                .orElse(Duration.ofSeconds(1L << Math.min(attempt, 5)));
        if (waited.plus(wait).compareTo(context.maxRateLimitWait()) > 0) {
          throw new OperationTimedOutException(
              "GitLab rate limit reached for "
                  + repository
                  + " and it resets in "
                  + wait.toSeconds()
                  + "s, later than the "
                  + context.maxRateLimitWait().toSeconds()
                  + "s allowed; retry later or raise the timeout");
        }
        context
            .progress()
            .warn(
                "scm",
                "GitLab rate limit reached; waiting " + wait.toSeconds() + "s before retrying");
        try {
          context.sleeper().sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new GitOpsException("interrupted while waiting out a GitLab rate limit");
        }
        waited = waited.plus(wait);
        continue;
      }
      throw failure(e, request);
    }
  }

  /**
   * A runtime exception out of gitlab4j: an answer Jersey could not read as the expected JSON (it
   * reads bodies outside gitlab4j's own error handling), or a failed exchange.
   */
  private GitOpsException unexpected(RuntimeException e, String request) {
    GitOpsException exchange = exchangeFailure(e, request);
    if (exchange != null) {
      return exchange;
    }
    if (e instanceof ProcessingException || e instanceof NullPointerException) {
      return ScmFailures.malformed(TYPE, repository, request, "JSON body");
    }
    throw e;
  }

  /** The failure for a timed-out, oversized or unreadable exchange, or null for none of those. */
  private GitOpsException exchangeFailure(Throwable e, String request) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpTimeoutException) {
        return ScmHttp.tooSlow(TYPE, request, context.requestTimeout());
      }
      if (cause instanceof BodyTooLargeException tooLarge) {
        return ScmHttp.tooLarge(TYPE, repository, request, tooLarge.maxBytes());
      }
      if (cause instanceof JsonProcessingException) {
        return ScmFailures.malformed(TYPE, repository, request, "JSON body");
      }
    }
    return null;
  }

  private GitOpsException failure(GitLabApiException e, String request) {
    int status = e.getHttpStatus();
    if (status <= 0) {
      GitOpsException exchange = exchangeFailure(e, request);
      if (exchange != null) {
        return exchange;
      }
      return new ScmUnavailableException(
          "cannot reach GitLab for " + request + "; check --server-url and the network");
    }
    if (status >= 300 && status < 400) {
      return new GitOpsException(
          "GitLab answered "
              + request
              + " with a redirect (HTTP "
              + status
              + "); redirects are not followed so the token stays with its own server:"
              + " set --server-url to the GitLab address itself");
    }
    return ScmFailures.forStatus(
        TYPE, repository, status, ScmFailures.clean(e.getMessage()), request);
  }

  private String route(String rest) {
    return "/projects/" + project + rest;
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
    MergeRequestFilter filter =
        new MergeRequestFilter()
            .withState(Constants.MergeRequestState.OPENED)
            .withSourceBranch(headBranch)
            .withTargetBranch(baseBranch);
    String request = "GET " + route("/merge_requests");
    try {
      Pager<MergeRequest> pager =
          call(request, () -> gitlab.getMergeRequestApi().getMergeRequests(project, filter, PAGE));
      // the pager holds page 1 already (its first next() answers it without a request) and
      // follows GitLab's X-Page/X-Total-Pages headers
      Optional<MergeRequest> found =
          new PageWalk(
                  TYPE,
                  repository,
                  "open merge requests from " + headBranch + " into " + baseBranch)
              .find(
                  1,
                  page -> {
                    List<MergeRequest> items = call(request, pager::next);
                    for (MergeRequest mr : required(items, request, "merge requests")) {
                      required(mr, request, "merge requests[]");
                    }
                    return new PageWalk.Page<>(items, pager.hasNext() ? page + 1 : null);
                  },
                  mr ->
                      headBranch.equals(mr.getSourceBranch())
                          && baseBranch.equals(mr.getTargetBranch()),
                  "opening a duplicate merge request");
      return found.isEmpty() ? Optional.empty() : Optional.of(toPullRequest(found.get(), request));
    } catch (ScmNotFoundException e) {
      throw ScmFailures.repositoryMissing(TYPE, repository);
    }
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws GitOpsException {
    MergeRequestParams params =
        new MergeRequestParams()
            .withSourceBranch(spec.headBranch())
            .withTargetBranch(spec.baseBranch())
            .withTitle(spec.draft() ? DRAFT_PREFIX + spec.title() : spec.title())
            .withDescription(spec.body())
            .withRemoveSourceBranch(true);
    if (!spec.labels().isEmpty()) {
      params.withLabels(spec.labels());
    }
    List<Long> reviewers = reviewerIds(spec.reviewers(), Set.of());
    if (!reviewers.isEmpty()) {
      params.withReviewerIds(reviewers);
    }
    String request = "POST " + route("/merge_requests");
    MergeRequest mr =
        call(request, () -> gitlab.getMergeRequestApi().createMergeRequest(project, params));
    return toPullRequest(mr, request);
  }

  @Override
  public PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException {
    // Keep the merge request's draft state: people mark it ready, updates must not undo that.
    boolean draft = existing.title() != null && isDraftTitle(existing.title());
    MergeRequestParams params =
        new MergeRequestParams()
            .withTitle(draft ? DRAFT_PREFIX + spec.title() : spec.title())
            .withDescription(spec.body());
    Set<String> labels = new LinkedHashSet<>(existing.labels());
    labels.addAll(spec.labels());
    if (!labels.equals(new LinkedHashSet<>(existing.labels()))) {
      params.withLabels(new ArrayList<>(labels));
    }
    if (!spec.reviewers().isEmpty()) {
      String get = "GET " + route("/merge_requests/" + existing.number());
      MergeRequest current =
          required(
              call(
                  get,
                  () -> gitlab.getMergeRequestApi().getMergeRequest(project, existing.number())),
              get,
              "merge request");
      Set<Long> ids = new LinkedHashSet<>();
      Set<String> names = new LinkedHashSet<>();
      if (current.getReviewers() != null) {
        for (Reviewer reviewer : current.getReviewers()) {
          required(reviewer, get, "reviewers");
          ids.add(required(reviewer.getId(), get, "reviewers[].id"));
          names.add(
              required(reviewer.getUsername(), get, "reviewers[].username")
                  .toLowerCase(Locale.ROOT));
        }
      }
      List<Long> added = reviewerIds(spec.reviewers(), names);
      if (!added.isEmpty()) {
        ids.addAll(added);
        params.withReviewerIds(new ArrayList<>(ids));
      }
    }
    String put = "PUT " + route("/merge_requests/" + existing.number());
    MergeRequest mr =
        call(
            put,
            () ->
                gitlab.getMergeRequestApi().updateMergeRequest(project, existing.number(), params));
    return toPullRequest(mr, put);
  }

  private static boolean isDraftTitle(String title) {
    String lower = title.toLowerCase(Locale.ROOT);
    return lower.startsWith("draft:") || lower.startsWith("[draft]") || lower.startsWith("(draft)");
  }

  private List<Long> reviewerIds(List<String> usernames, Set<String> already)
      throws GitOpsException {
    List<Long> ids = new ArrayList<>();
    for (String username : usernames) {
      if (already.contains(username.toLowerCase(Locale.ROOT))) {
        continue;
      }
      String request = "GET /users?username=" + username;
      User user = call(request, () -> gitlab.getUserApi().getUser(username));
      if (user == null) {
        throw new io.gitopspipeline.api.InvalidInputException(
            "GitLab has no user '" + username + "' to request a review from; check --reviewer");
      }
      ids.add(required(user.getId(), request, "id"));
    }
    return ids;
  }

  @Override
  public PullRequest get(long number) throws GitOpsException {
    String request = "GET " + route("/merge_requests/" + number);
    MergeRequest mr =
        call(request, () -> gitlab.getMergeRequestApi().getMergeRequest(project, number));
    return toPullRequest(mr, request);
  }

  @Override
  public boolean enableAutoMerge(PullRequest pullRequest) throws GitOpsException {
    AcceptMergeRequestParams params =
        new AutoMergeParams().withMergeWhenPipelineSucceeds(true).withSha(pullRequest.headSha());
    try {
      call(
          "PUT " + route("/merge_requests/" + pullRequest.number() + "/merge"),
          () ->
              gitlab
                  .getMergeRequestApi()
                  .acceptMergeRequest(project, pullRequest.number(), params));
      return true;
    } catch (GitOpsException e) {
      if (e instanceof ScmNotFoundException
          || e.getMessage().contains("HTTP 401")
          || e.getMessage().contains("HTTP 403")) {
        throw e;
      }
      // 405/406/422: a draft, conflicts or a rule GitLab will not arm auto-merge for yet
      context.progress().debug("scm", "GitLab did not set auto-merge: " + e.getMessage());
      return false;
    }
  }

  @Override
  public ChecksState checks(PullRequest pullRequest) throws GitOpsException {
    String request = "GET " + route("/merge_requests/" + pullRequest.number());
    MergeRequest mr =
        required(
            call(
                request,
                () -> gitlab.getMergeRequestApi().getMergeRequest(project, pullRequest.number())),
            request,
            "merge request");
    Pipeline pipeline = mr.getHeadPipeline();
    if (pipeline == null || pipeline.getStatus() == null) {
      return ChecksState.NONE;
    }
    return switch (pipeline.getStatus().toString().toLowerCase(Locale.ROOT)) {
      case "success" -> ChecksState.SUCCESS;
      case "failed", "canceled", "canceling" -> ChecksState.FAILURE;
      case "skipped" -> ChecksState.NONE;
      default -> ChecksState.PENDING;
    };
  }

  @Override
  public void merge(PullRequest pullRequest) throws GitOpsException {
    AcceptMergeRequestParams params = new AcceptMergeRequestParams().withSha(pullRequest.headSha());
    call(
        "PUT " + route("/merge_requests/" + pullRequest.number() + "/merge"),
        () ->
            gitlab.getMergeRequestApi().acceptMergeRequest(project, pullRequest.number(), params));
  }

  @Override
  public void setCommitStatus(String sha, CommitStatus status) throws GitOpsException {
    Constants.CommitBuildState state =
        switch (status.state()) {
          case PENDING -> Constants.CommitBuildState.PENDING;
          case SUCCESS -> Constants.CommitBuildState.SUCCESS;
          case FAILURE, ERROR -> Constants.CommitBuildState.FAILED;
        };
    org.gitlab4j.api.models.CommitStatus body =
        new org.gitlab4j.api.models.CommitStatus()
            .withName(status.context())
            .withDescription(status.description())
            .withTargetUrl(status.targetUrl());
    call(
        "POST " + route("/statuses/" + sha),
        () -> gitlab.getCommitsApi().addCommitStatus(project, sha, state, body));
  }

  @Override
  public List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException {
    String request = "GET " + route("/repository/commits/" + sha + "/statuses");
    // per_page 100 is GitLab's maximum, so a shorter page is the last one
    List<org.gitlab4j.api.models.CommitStatus> all =
        PageWalk.commitStatuses(TYPE, repository, sha)
            .readAll(
                context,
                1,
                (Integer page) -> {
                  List<org.gitlab4j.api.models.CommitStatus> statuses =
                      call(
                          request,
                          () ->
                              gitlab
                                  .getCommitsApi()
                                  .getCommitStatuses(project, sha, null, page, PAGE));
                  required(statuses, request, "statuses");
                  return new PageWalk.Page<>(statuses, statuses.size() < PAGE ? null : page + 1);
                })
            .items();
    List<ReportedCommitStatus> statuses = new ArrayList<>();
    for (org.gitlab4j.api.models.CommitStatus status : all) {
      required(status, request, "statuses[]");
      java.util.Date when =
          status.getFinishedAt() != null
              ? status.getFinishedAt()
              : status.getStartedAt() != null ? status.getStartedAt() : status.getCreatedAt();
      statuses.add(
          new ReportedCommitStatus(
              status.getName() == null ? "" : status.getName(),
              status.getStatus() == null ? "" : status.getStatus().toLowerCase(Locale.ROOT),
              status.getDescription(),
              status.getTargetUrl(),
              when == null ? null : when.toInstant()));
    }
    return ReportedCommitStatus.newestFirst(statuses);
  }

  @Override
  public void comment(long number, String body) throws GitOpsException {
    call(
        "POST " + route("/merge_requests/" + number + "/notes"),
        () -> gitlab.getNotesApi().createMergeRequestNote(project, number, body, null, null));
  }

  @Override
  public boolean branchExists(String branch) throws GitOpsException {
    try {
      call(
          "GET " + route("/repository/branches/" + branch),
          () -> gitlab.getRepositoryApi().getBranch(project, branch));
      return true;
    } catch (ScmNotFoundException notFound) {
      // GitLab says which: "404 Project Not Found" or "404 Branch Not Found"
      if (notFound.getMessage().contains("Project Not Found")) {
        throw notFound;
      }
      return false;
    }
  }

  /** {@code value}, or a clear failure naming {@code field} when GitLab left it out. */
  private <T> T required(T value, String request, String field) throws GitOpsException {
    if (value == null) {
      throw ScmFailures.malformed(TYPE, repository, request, field);
    }
    return value;
  }

  private PullRequest toPullRequest(MergeRequest mr, String request) throws GitOpsException {
    required(mr, request, "merge request");
    required(mr.getIid(), request, "iid");
    String state = required(mr.getState(), request, "state").toLowerCase(Locale.ROOT);
    PullRequestState mapped =
        switch (state) {
          case "merged" -> PullRequestState.MERGED;
          case "closed" -> PullRequestState.CLOSED;
          default -> PullRequestState.OPEN;
        };
    String mergeCommit = null;
    if (mapped == PullRequestState.MERGED) {
      // a squash-merge without a merge commit leaves the squash commit on the target branch
      mergeCommit =
          mr.getMergeCommitSha() != null ? mr.getMergeCommitSha() : mr.getSquashCommitSha();
    }
    Participant closer =
        mapped == PullRequestState.MERGED
            ? mr.getMergedBy()
            : mapped == PullRequestState.CLOSED ? mr.getClosedBy() : null;
    Boolean mergeable = null;
    if (mr.getDetailedMergeStatus() != null) {
      mergeable = "mergeable".equals(mr.getDetailedMergeStatus());
    } else if (mr.getMergeStatus() != null
        && !mr.getMergeStatus().equals("checking")
        && !mr.getMergeStatus().equals("unchecked")) {
      mergeable = "can_be_merged".equals(mr.getMergeStatus());
    }
    return new PullRequest(
        mr.getIid(),
        mr.getWebUrl(),
        mapped,
        mr.getSourceBranch(),
        mr.getTargetBranch(),
        mr.getSha(),
        mergeCommit,
        closer == null ? null : closer.getUsername(),
        mr.getTitle(),
        mr.getLabels() == null
            ? null
            : mr.getLabels().stream().filter(java.util.Objects::nonNull).toList(),
        mergeable,
        null);
  }

  /**
   * Sends {@code auto_merge=true} beside {@code merge_when_pipeline_succeeds=true}: GitLab 17+
   * names the feature auto-merge and deprecates the old parameter; older servers ignore the new
   * one. gitlab4j-api only knows the old name.
   */
  private static final class AutoMergeParams extends AcceptMergeRequestParams {
    private static final long serialVersionUID = 1L;

    @Override
    public GitLabForm getForm() {
      return super.getForm().withParam("auto_merge", true);
    }
  }
}
