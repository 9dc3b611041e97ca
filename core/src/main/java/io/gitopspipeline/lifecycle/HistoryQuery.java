package io.gitopspipeline.lifecycle;

import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.Promotion;
import java.util.Objects;

/**
 * Which promotions to read.
 *
 * @param repository the GitOps repository, as for {@code promote}
 * @param branch the environment branch
 * @param app only this app, or {@code null} for every app
 * @param environment only this environment, or {@code null} for every environment
 * @param pathTemplate where apps live ({@link Promotion#DEFAULT_PATH_TEMPLATE} when {@code null});
 *     limits the walk to the commits touching those paths
 * @param limit at most this many promotions, newest first (at least 1)
 * @param credentials how to authenticate to the remote
 */
public record HistoryQuery(
    String repository,
    String branch,
    String app,
    String environment,
    String pathTemplate,
    int limit,
    GitCredentials credentials) {
  public HistoryQuery {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    pathTemplate = pathTemplate == null ? Promotion.DEFAULT_PATH_TEMPLATE : pathTemplate;
    credentials = credentials == null ? GitCredentials.NONE : credentials;
  }

  /** Every promotion on {@code branch} with the default layout and no credentials. */
  public static HistoryQuery of(String repository, String branch) {
    return new HistoryQuery(repository, branch, null, null, null, Integer.MAX_VALUE, null);
  }

  public HistoryQuery forApp(String newApp, String newEnvironment) {
    return new HistoryQuery(
        repository, branch, newApp, newEnvironment, pathTemplate, limit, credentials);
  }

  public HistoryQuery withLimit(int newLimit) {
    return new HistoryQuery(
        repository, branch, app, environment, pathTemplate, newLimit, credentials);
  }

  public HistoryQuery withPathTemplate(String template) {
    return new HistoryQuery(repository, branch, app, environment, template, limit, credentials);
  }

  public HistoryQuery withCredentials(GitCredentials newCredentials) {
    return new HistoryQuery(
        repository, branch, app, environment, pathTemplate, limit, newCredentials);
  }
}
