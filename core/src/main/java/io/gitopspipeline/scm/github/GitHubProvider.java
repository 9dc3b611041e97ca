package io.gitopspipeline.scm.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHCommitStatus;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHLabel;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTeam;
import org.kohsuke.github.GHUser;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.PagedIterable;
import org.kohsuke.github.PagedIterator;
import org.kohsuke.github.authorization.AppInstallationAuthorizationProvider;
import org.kohsuke.github.authorization.AuthorizationProvider;
import org.kohsuke.github.authorization.ImmutableAuthorizationProvider;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * GitHub and GitHub Enterprise Server through org.kohsuke:github-api (REST), plus GitHub's GraphQL
 * API for {@code enablePullRequestAutoMerge}, which has no REST equivalent.
 */
public final class GitHubProvider implements ScmProvider {
  private static final int PAGE = 100;
  private static final ProviderType TYPE = ProviderType.GITHUB;
  private static final int MAX_BODY = 65_536;
  private static final int MAX_STATUS_DESCRIPTION = 140;

  private final RepositoryId repository;
  private final ScmContext context;
  private final GitHub github;
  private final ScmHttp graphql;
  private final String graphqlUrl;
  private GHRepository repo;
  private final Map<Long, GHPullRequest> lastSeen = new HashMap<>();

  public GitHubProvider(ScmConnection connection, ScmContext context) throws GitOpsException {
    this.repository = connection.repository();
    this.context = context;
    AuthorizationProvider auth;
    if (connection.app() != null) {
      GitHubAppAuth jwt = new GitHubAppAuth(connection.app(), context.clock());
      String owner = repository.owner();
      String name = repository.name();
      auth =
          new AppInstallationAuthorizationProvider(
              app -> app.getInstallationByRepository(owner, name), jwt);
    } else {
      auth = ImmutableAuthorizationProvider.fromOauthToken(connection.token().reveal());
    }
    AuthorizationProvider authorization = auth;
    try {
      this.github =
          new GitHubBuilder()
              .withEndpoint(apiBase(connection.baseUrl()))
              .withAuthorizationProvider(authorization)
              .withRateLimitHandler(new RateLimitWait())
              .withAbuseLimitHandler(new SecondaryLimitWait())
              .withConnector(
                  new SameOriginConnector(
                      URI.create(apiBase(connection.baseUrl())),
                      repository,
                      new BoundedGitHubConnector(
                          context.requestTimeout(), context.maxResponseBytes())))
              .build();
    } catch (IOException e) {
      throw new GitOpsException("cannot set up the GitHub client for " + connection.baseUrl());
    }
    this.graphqlUrl = graphqlUrl(apiBase(connection.baseUrl()));
    this.graphql =
        new ScmHttp(
            TYPE,
            repository,
            context,
            () -> {
              try {
                return Map.of("Authorization", authorization.getEncodedAuthorization());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  /** {@code https://github.com} is what people copy from the browser; the API is elsewhere. */
  static String apiBase(String base) {
    return base.equalsIgnoreCase("https://github.com") ? "https://api.github.com" : base;
  }

  /** GraphQL lives at {@code /graphql} on github.com and at {@code /api/graphql} on GHES. */
  static String graphqlUrl(String restBase) {
    if (restBase.endsWith("/api/v3")) {
      return restBase.substring(0, restBase.length() - "/v3".length()) + "/graphql";
    }
    return restBase + "/graphql";
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

  private GHRepository repo() throws GitOpsException {
    if (repo == null) {
      try {
        repo = github.getRepository(repository.path());
      } catch (IOException e) {
        GitOpsException failure = failure(e, "GET /repos/" + repository.path());
        throw failure instanceof ScmNotFoundException
            ? ScmFailures.repositoryMissing(TYPE, repository)
            : failure;
      }
    }
    return repo;
  }

  @Override
  public Optional<PullRequest> findOpen(String headBranch, String baseBranch)
      throws GitOpsException {
    GHRepository r = repo();
    String request = "GET /repos/" + repository.path() + "/pulls";
    PagedIterable<GHPullRequest> open =
        r.queryPullRequests()
            .state(GHIssueState.OPEN)
            .head(repository.owner() + ":" + headBranch)
            .base(baseBranch)
            .list();
    Optional<GHPullRequest> found =
        walk(
            open,
            request,
            (first, pages) ->
                PageWalk.openPullRequests(TYPE, repository, headBranch, baseBranch)
                    .findOpen(
                        first,
                        pages,
                        pr ->
                            pr != null
                                && pr.getHead() != null
                                && pr.getBase() != null
                                && headBranch.equals(pr.getHead().getRef())
                                && baseBranch.equals(pr.getBase().getRef())));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    lastSeen.put((long) found.get().getNumber(), found.get());
    return Optional.of(toPullRequest(found.get(), null));
  }

  /** Walks one of github-api's lists; the cursor counts pages. */
  @FunctionalInterface
  private interface Walk<T, R> {
    R run(Integer first, PageWalk.PageReader<Integer, T> pages) throws GitOpsException;
  }

  /**
   * Runs {@code walk} over {@code list}, {@value #PAGE} items a page. github-api follows the {@code
   * Link} header's {@code rel="next"} itself, and asks for the next page to learn whether there is
   * one.
   */
  private <T, R> R walk(PagedIterable<T> list, String request, Walk<T, R> walk)
      throws GitOpsException {
    try {
      PagedIterator<T> pages = list.withPageSize(PAGE).iterator();
      return walk.run(
          pages.hasNext() ? 1 : null,
          page -> new PageWalk.Page<>(pages.nextPage(), pages.hasNext() ? page + 1 : null));
    } catch (GHException e) {
      // iterating pages wraps the IOException of a failed page request
      throw failure(
          e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e),
          request);
    }
  }

  /** Every page of {@code list} up to the walk's cap, a warning beyond it. */
  private <T> PageWalk.Pages<T> readAll(PagedIterable<T> list, PageWalk walk, String request)
      throws GitOpsException {
    return walk(list, request, (first, pages) -> walk.readAll(context, first, pages));
  }

  @Override
  public PullRequest create(PullRequestSpec spec) throws GitOpsException {
    GHRepository r = repo();
    GHPullRequest pr;
    try {
      pr =
          r.createPullRequest(
              spec.title(), spec.headBranch(), spec.baseBranch(), spec.body(), true, spec.draft());
    } catch (IOException e) {
      throw createFailure(e);
    }
    lastSeen.put((long) pr.getNumber(), pr);
    addLabelsAndReviewers(pr, spec, Set.of(), Set.of());
    return toPullRequest(pr, null);
  }

  @Override
  public PullRequest update(PullRequest existing, PullRequestSpec spec) throws GitOpsException {
    GHPullRequest pr = pullRequest(existing.number());
    try {
      if (!spec.title().equals(pr.getTitle())) {
        pr.setTitle(spec.title());
      }
      if (!spec.body().equals(pr.getBody())) {
        pr.setBody(spec.body());
      }
    } catch (IOException e) {
      throw failure(e, "PATCH /repos/" + repository.path() + "/pulls/" + existing.number());
    }
    Set<String> labels = new HashSet<>();
    pr.getLabels().stream()
        .filter(l -> l != null && l.getName() != null)
        .forEach(l -> labels.add(l.getName()));
    Set<String> reviewers = new HashSet<>();
    try {
      for (GHUser user : pr.getRequestedReviewers()) {
        if (user == null || user.getLogin() == null) {
          throw ScmFailures.malformed(
              TYPE,
              repository,
              "GET /repos/" + repository.path() + "/pulls/" + existing.number(),
              "requested_reviewers[].login");
        }
        reviewers.add(user.getLogin().toLowerCase(Locale.ROOT));
      }
      for (GHTeam team : pr.getRequestedTeams()) {
        if (team.getOrganization() != null) {
          reviewers.add(
              (team.getOrganization().getLogin() + "/" + team.getSlug()).toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw failure(e, "GET /repos/" + repository.path() + "/pulls/" + existing.number());
    }
    addLabelsAndReviewers(pr, spec, labels, reviewers);
    return toPullRequest(pr, null);
  }

  private void addLabelsAndReviewers(
      GHPullRequest pr, PullRequestSpec spec, Set<String> labels, Set<String> reviewers)
      throws GitOpsException {
    String[] missing =
        spec.labels().stream().filter(l -> !labels.contains(l)).toArray(String[]::new);
    try {
      if (missing.length > 0) {
        pr.addLabels(missing);
      }
      List<GHUser> users = new ArrayList<>();
      List<GHTeam> teams = new ArrayList<>();
      for (String reviewer : spec.reviewers()) {
        if (reviewers.contains(reviewer.toLowerCase(Locale.ROOT))) {
          continue;
        }
        int slash = reviewer.indexOf('/');
        if (slash > 0) { // ORG/TEAM-SLUG: a team review
          teams.add(
              github
                  .getOrganization(reviewer.substring(0, slash))
                  .getTeamBySlug(reviewer.substring(slash + 1)));
        } else {
          users.add(github.getUser(reviewer));
        }
      }
      if (!users.isEmpty()) {
        pr.requestReviewers(users);
      }
      if (!teams.isEmpty()) {
        pr.requestTeamReviewers(teams);
      }
    } catch (IOException e) {
      throw failure(e, "labels or reviewers of pull request #" + pr.getNumber());
    }
  }

  @Override
  public PullRequest get(long number) throws GitOpsException {
    GHRepository r = repo();
    try {
      GHPullRequest pr = r.getPullRequest((int) number);
      lastSeen.put(number, pr);
      String closedBy = null;
      if (pr.getState() == GHIssueState.CLOSED) {
        if (pr.isMerged()) {
          GHUser mergedBy = pr.getMergedBy();
          closedBy = mergedBy == null ? null : mergedBy.getLogin();
        } else {
          // the pulls API leaves closed_by out; the issues API has it
          GHIssue issue = r.getIssue((int) number);
          closedBy = issue.getClosedBy() == null ? null : issue.getClosedBy().getLogin();
        }
      }
      return toPullRequest(pr, closedBy);
    } catch (IOException e) {
      throw failure(e, "GET /repos/" + repository.path() + "/pulls/" + number);
    }
  }

  /** Merge methods in order of preference; repositories may allow only some of them. */
  private static final List<String> MERGE_METHODS = List.of("MERGE", "SQUASH", "REBASE");

  @Override
  public boolean enableAutoMerge(PullRequest pullRequest) throws GitOpsException {
    String message = null;
    for (String method : MERGE_METHODS) {
      message = enableAutoMerge(pullRequest, method);
      if (message == null) {
        return true;
      }
      String lower = message.toLowerCase(Locale.ROOT);
      if (!(lower.contains("merge method") && lower.contains("not allowed"))) {
        break;
      }
    }
    String lower = message.toLowerCase(Locale.ROOT);
    // Not allowed in the repository's settings, or already mergeable ("clean status"): GitHub
    // refuses to arm auto-merge, and the caller merges when it is mergeable with checks green.
    if (lower.contains("auto merge is not allowed")
        || lower.contains("auto-merge is not allowed")
        || lower.contains("clean status")) {
      context.progress().debug("scm", "GitHub auto-merge unavailable: " + message);
      return false;
    }
    if (lower.startsWith("forbidden:")) {
      throw ScmFailures.forStatus(
          TYPE,
          repository,
          403,
          message.substring("forbidden:".length()).strip(),
          "enablePullRequestAutoMerge");
    }
    throw new GitOpsException(
        "GitHub could not enable auto-merge on pull request #"
            + pullRequest.number()
            + " of "
            + repository
            + ": "
            + message);
  }

  /** Sends the mutation; null on success, else GitHub's first error ("FORBIDDEN: ..." for 403s). */
  private String enableAutoMerge(PullRequest pullRequest, String mergeMethod)
      throws GitOpsException {
    ObjectNode body = ScmHttp.object();
    body.put(
        "query",
        "mutation EnableAutoMerge($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!) {"
            + " enablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId, mergeMethod:"
            + " $mergeMethod}) { pullRequest { number autoMergeRequest { enabledAt } } } }");
    ObjectNode variables = body.putObject("variables");
    variables.put("pullRequestId", nodeId(pullRequest));
    variables.put("mergeMethod", mergeMethod);
    JsonNode response = graphql.post(graphqlUrl, body);
    JsonNode errors = response.path("errors");
    if (!errors.isArray() || errors.isEmpty()) {
      return null;
    }
    String message = ScmFailures.clean(errors.get(0).path("message").asText(""));
    message = message == null ? "unknown error" : message;
    return "FORBIDDEN".equals(errors.get(0).path("type").asText())
        ? "FORBIDDEN: " + message
        : message;
  }

  private String nodeId(PullRequest pullRequest) throws GitOpsException {
    if (pullRequest.providerId() != null) {
      return pullRequest.providerId();
    }
    return pullRequest(pullRequest.number()).getNodeId();
  }

  @Override
  public ChecksState checks(PullRequest pullRequest) throws GitOpsException {
    GHRepository r = repo();
    String sha = pullRequest.headSha();
    String request = "GET /repos/" + repository.path() + "/commits/" + sha + "/status";
    try {
      PageWalk.Pages<GHCommitStatus> statuses =
          readAll(
              r.listCommitStatuses(sha), PageWalk.commitStatuses(TYPE, repository, sha), request);
      PageWalk.Pages<GHCheckRun> runs =
          readAll(
              r.getCheckRuns(sha), new PageWalk(TYPE, repository, "check runs on " + sha), request);
      for (GHCommitStatus status : statuses.items()) {
        if (status == null || status.getState() == null) {
          throw ScmFailures.malformed(TYPE, repository, request, "statuses[].state");
        }
      }
      for (GHCheckRun run : runs.items()) {
        if (run == null) {
          throw ScmFailures.malformed(TYPE, repository, request, "check_runs[]");
        }
      }
      // newest first: the first status of each context is its current one
      Set<String> seen = new HashSet<>();
      return ChecksState.combine(
              statuses,
              status ->
                  seen.add(status.getContext()) ? statusState(status.getState()) : ChecksState.NONE)
          .and(ChecksState.combine(runs, GitHubProvider::checkRunState));
    } catch (IOException e) {
      throw failure(e, request);
    }
  }

  private static ChecksState statusState(GHCommitState state) {
    return switch (state) {
      case SUCCESS -> ChecksState.SUCCESS;
      case PENDING -> ChecksState.PENDING;
      default -> ChecksState.FAILURE;
    };
  }

  private static ChecksState checkRunState(GHCheckRun run) {
    if (run.getStatus() != GHCheckRun.Status.COMPLETED) {
      return ChecksState.PENDING;
    }
    GHCheckRun.Conclusion conclusion = run.getConclusion();
    if (conclusion == null) {
      return ChecksState.PENDING;
    }
    return switch (conclusion) {
      case SUCCESS, NEUTRAL, SKIPPED -> ChecksState.SUCCESS;
      default -> ChecksState.FAILURE;
    };
  }

  @Override
  public void merge(PullRequest pullRequest) throws GitOpsException {
    GHPullRequest pr = pullRequest(pullRequest.number());
    GitOpsException refused = null;
    for (GHPullRequest.MergeMethod method :
        List.of(
            GHPullRequest.MergeMethod.MERGE,
            GHPullRequest.MergeMethod.SQUASH,
            GHPullRequest.MergeMethod.REBASE)) {
      try {
        // sha: GitHub refuses (409) when the head moved since we checked it
        pr.merge(null, pullRequest.headSha(), method);
        return;
      } catch (IOException e) {
        refused =
            failure(
                e, "PUT /repos/" + repository.path() + "/pulls/" + pullRequest.number() + "/merge");
        // 405 "Merge commits are not allowed on this repository": try the next method
        if (!(e instanceof HttpException http
            && http.getResponseCode() == 405
            && String.valueOf(http.getMessage())
                .toLowerCase(Locale.ROOT)
                .contains("not allowed"))) {
          throw refused;
        }
      }
    }
    throw refused;
  }

  @Override
  public void setCommitStatus(String sha, CommitStatus status) throws GitOpsException {
    GHRepository r = repo();
    GHCommitState state =
        switch (status.state()) {
          case PENDING -> GHCommitState.PENDING;
          case SUCCESS -> GHCommitState.SUCCESS;
          case FAILURE -> GHCommitState.FAILURE;
          case ERROR -> GHCommitState.ERROR;
        };
    String description = status.description();
    if (description.length() > MAX_STATUS_DESCRIPTION) {
      description = description.substring(0, MAX_STATUS_DESCRIPTION - 3) + "...";
    }
    try {
      r.createCommitStatus(sha, state, status.targetUrl(), description, status.context());
    } catch (IOException e) {
      throw failure(e, "POST /repos/" + repository.path() + "/statuses/" + sha);
    }
  }

  @Override
  public List<ReportedCommitStatus> commitStatuses(String sha) throws GitOpsException {
    GHRepository r = repo();
    String request = "GET /repos/" + repository.path() + "/statuses/" + sha;
    List<ReportedCommitStatus> statuses = new ArrayList<>();
    try {
      // newest first
      for (GHCommitStatus status :
          readAll(
                  r.listCommitStatuses(sha),
                  PageWalk.commitStatuses(TYPE, repository, sha),
                  request)
              .items()) {
        if (status == null) {
          throw ScmFailures.malformed(TYPE, repository, request, "statuses[]");
        }
        statuses.add(
            new ReportedCommitStatus(
                status.getContext() == null ? "" : status.getContext(),
                status.getState() == null ? "" : status.getState().name().toLowerCase(Locale.ROOT),
                status.getDescription(),
                status.getTargetUrl(),
                status.getUpdatedAt() == null ? null : status.getUpdatedAt().toInstant()));
      }
    } catch (IOException e) {
      throw failure(e, request);
    }
    return statuses;
  }

  @Override
  public void comment(long number, String body) throws GitOpsException {
    GHRepository r = repo();
    try {
      r.getIssue((int) number).comment(body);
    } catch (IOException e) {
      throw failure(e, "POST /repos/" + repository.path() + "/issues/" + number + "/comments");
    }
  }

  @Override
  public boolean branchExists(String branch) throws GitOpsException {
    GHRepository r = repo();
    try {
      r.getBranch(branch);
      return true;
    } catch (IOException e) {
      GitOpsException failure =
          failure(e, "GET /repos/" + repository.path() + "/branches/" + branch);
      if (failure instanceof ScmNotFoundException) {
        return false;
      }
      throw failure;
    }
  }

  private GHPullRequest pullRequest(long number) throws GitOpsException {
    GHPullRequest pr = lastSeen.get(number);
    if (pr == null) {
      get(number);
      pr = lastSeen.get(number);
    }
    return pr;
  }

  private PullRequest toPullRequest(GHPullRequest pr, String closedBy) throws GitOpsException {
    String request = "GET /repos/" + repository.path() + "/pulls";
    if (pr == null) {
      throw ScmFailures.malformed(TYPE, repository, request, "pull request");
    }
    request += "/" + pr.getNumber();
    if (pr.getNumber() <= 0) {
      throw ScmFailures.malformed(TYPE, repository, request, "number");
    }
    if (pr.getState() == null) {
      throw ScmFailures.malformed(TYPE, repository, request, "state");
    }
    if (pr.getHead() == null || pr.getHead().getRef() == null) {
      throw ScmFailures.malformed(TYPE, repository, request, "head.ref");
    }
    if (pr.getBase() == null || pr.getBase().getRef() == null) {
      throw ScmFailures.malformed(TYPE, repository, request, "base.ref");
    }
    try {
      PullRequestState state;
      if (pr.getState() == GHIssueState.OPEN) {
        state = PullRequestState.OPEN;
      } else {
        state = pr.getMergedAt() != null ? PullRequestState.MERGED : PullRequestState.CLOSED;
      }
      List<String> labels = new ArrayList<>();
      for (GHLabel label : pr.getLabels()) {
        if (label != null && label.getName() != null) {
          labels.add(label.getName());
        }
      }
      Boolean mergeable = null;
      if (state == PullRequestState.OPEN) {
        mergeable = mergeable(pr);
      }
      return new PullRequest(
          pr.getNumber(),
          pr.getHtmlUrl() == null ? null : pr.getHtmlUrl().toString(),
          state,
          pr.getHead().getRef(),
          pr.getBase().getRef(),
          pr.getHead().getSha(),
          state == PullRequestState.MERGED ? pr.getMergeCommitSha() : null,
          closedBy,
          pr.getTitle(),
          labels,
          mergeable,
          pr.getNodeId());
    } catch (IOException e) {
      throw failure(e, "GET /repos/" + repository.path() + "/pulls/" + pr.getNumber());
    }
  }

  /**
   * Mergeable only in GitHub's "clean" (and "unstable"/"has_hooks") states: "blocked" means a
   * required check or review is missing, which we never merge past.
   */
  private static Boolean mergeable(GHPullRequest pr) throws IOException {
    Boolean mergeable = pr.getMergeable();
    if (mergeable == null) {
      return null;
    }
    String state = pr.getMergeableState();
    return mergeable
        && state != null
        && Set.of("clean", "unstable", "has_hooks").contains(state.toLowerCase(Locale.ROOT));
  }

  private GitOpsException createFailure(IOException e) {
    GitOpsException failure = failure(e, "POST /repos/" + repository.path() + "/pulls");
    if (e instanceof HttpException http && http.getResponseCode() == 422) {
      String text = String.valueOf(http.getMessage());
      // {"message":"Validation
      // Failed","errors":[{"resource":"PullRequest","field":"head","code":"invalid"}]}
      if (text.contains("\"field\":\"head\"") || text.contains("\"field\":\"base\"")) {
        return new ScmNotFoundException(failure.getMessage());
      }
    }
    return failure;
  }

  private GitOpsException failure(IOException e, String request) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof RateLimitTooLong tooLong) {
        return new OperationTimedOutException(tooLong.getMessage());
      }
      if (cause instanceof ForeignLink foreign) {
        return new GitOpsException(foreign.getMessage());
      }
      if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return ScmFailures.malformed(TYPE, repository, request, "JSON body");
      }
      if (cause instanceof HttpTimeoutException) {
        return ScmHttp.tooSlow(TYPE, request, context.requestTimeout());
      }
      if (cause instanceof BodyTooLargeException tooLarge) {
        return ScmHttp.tooLarge(TYPE, repository, request, tooLarge.maxBytes());
      }
      cause = cause.getCause();
    }
    int status = -1;
    if (e instanceof HttpException http) {
      status = http.getResponseCode();
    }
    if (status <= 0
        && (e instanceof GHFileNotFoundException || e instanceof FileNotFoundException)) {
      status = 404;
    }
    if (status <= 0) {
      return new ScmUnavailableException(
          "cannot reach GitHub for "
              + request
              + " ("
              + e.getClass().getSimpleName()
              + "); check --server-url and the network");
    }
    String said = null;
    try {
      said = ScmHttp.providerMessage(ScmHttp.json().readTree(String.valueOf(e.getMessage())));
    } catch (IOException | RuntimeException notJson) {
      said = null;
    }
    return ScmFailures.forStatus(TYPE, repository, status, said, request);
  }

  /**
   * github-api follows a {@code Link} header's {@code rel="next"} wherever it points, with the
   * token; this connector refuses every request that would leave the API's scheme, host and port.
   */
  private record SameOriginConnector(URI api, RepositoryId repository, GitHubConnector next)
      implements GitHubConnector {
    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
      URI target;
      try {
        target = request.url().toURI();
      } catch (java.net.URISyntaxException e) {
        throw new ForeignLink("GitHub answered with an unreadable link for " + repository);
      }
      if (!ScmHttp.sameOrigin(api, target)) {
        throw new ForeignLink(
            "GitHub pointed a request for "
                + repository
                + " at "
                + ScmHttp.hostAndPort(target)
                + ", not at "
                + ScmHttp.hostAndPort(api)
                + "; refusing to send the token there (check --server-url)");
      }
      return next.send(request);
    }
  }

  /** A request the {@link SameOriginConnector} refused; unwrapped into its own message. */
  private static final class ForeignLink extends IOException {
    private static final long serialVersionUID = 1L;

    ForeignLink(String message) {
      super(message);
    }
  }

  /** A rate limit that resets later than we may wait; unwrapped into a timeout. */
  private static final class RateLimitTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    RateLimitTooLong(String message) {
      super(message);
    }
  }

  private void waitOut(GitHubConnectorResponse response, Duration fallback) throws IOException {
    Duration wait =
        RateLimits.waitTime(response::header, context.clock().instant()).orElse(fallback);
    if (wait.compareTo(context.maxRateLimitWait()) > 0) {
      throw new RateLimitTooLong(
          "GitHub rate limit reached for "
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
            "scm", "GitHub rate limit reached; waiting " + wait.toSeconds() + "s before retrying");
    try {
      context.sleeper().sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting out a rate limit");
    }
  }

  /** Primary rate limit (X-RateLimit-Remaining: 0): wait until X-RateLimit-Reset, then retry. */
  private final class RateLimitWait extends GitHubRateLimitHandler {
    @Override
    public void onError(GitHubConnectorResponse response) throws IOException {
      waitOut(response, Duration.ofMinutes(1));
    }
  }

  /** Secondary rate limit: wait for Retry-After (GitHub advises a minute when absent). */
  private final class SecondaryLimitWait extends GitHubAbuseLimitHandler {
    @Override
    public void onError(GitHubConnectorResponse response) throws IOException {
      waitOut(response, Duration.ofMinutes(1));
    }
  }
}
