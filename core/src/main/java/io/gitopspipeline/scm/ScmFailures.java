package io.gitopspipeline.scm;

import io.gitopspipeline.api.GitOpsException;

/** Builds the failure messages all providers share, so they read alike. */
public final class ScmFailures {
  private static final int MAX_MESSAGE = 300;

  private ScmFailures() {}

  /**
   * A failure for an HTTP error status.
   *
   * @param providerMessage what the provider said, already cleaned, or null
   * @param request what was asked, e.g. {@code POST /repos/o/r/pulls}, never with credentials
   */
  public static GitOpsException forStatus(
      ProviderType type,
      RepositoryId repository,
      int status,
      String providerMessage,
      String request) {
    String said =
        providerMessage == null
            ? ""
            : " (" + type.displayName() + " says: " + providerMessage + ")";
    return switch (status) {
      case 401 ->
          new GitOpsException(
              type.displayName()
                  + " rejected the credentials (HTTP 401) for repository "
                  + repository
                  + said
                  + ": check that the token is valid and not expired; it needs "
                  + type.tokenScopes());
      case 403 ->
          new GitOpsException(
              type.displayName()
                  + " refused access (HTTP 403) to repository "
                  + repository
                  + " for "
                  + request
                  + said
                  + ": the token needs "
                  + type.tokenScopes());
      case 404 ->
          new ScmNotFoundException(
              type.displayName()
                  + " found nothing (HTTP 404) for "
                  + request
                  + said
                  + ": repository "
                  + repository
                  + " does not exist, the token cannot see it, or the object asked for is missing");
      default ->
          status >= 500
              ? new ScmUnavailableException(
                  type.displayName()
                      + " failed "
                      + request
                      + " on repository "
                      + repository
                      + " with HTTP "
                      + status
                      + said
                      + "; the server had a problem, try again later")
              : new GitOpsException(
                  type.displayName()
                      + " failed "
                      + request
                      + " on repository "
                      + repository
                      + " with HTTP "
                      + status
                      + said);
    };
  }

  /** The message for a repository that is missing or invisible to the token. */
  public static ScmNotFoundException repositoryMissing(ProviderType type, RepositoryId repository) {
    return new ScmNotFoundException(
        type.displayName()
            + " repository "
            + repository
            + " does not exist or the token cannot see it; check --pr-repository ("
            + RepositoryId.shape(type)
            + ") and --server-url, and that the token has "
            + type.tokenScopes());
  }

  /**
   * The failure for an answer that lacks a field the API always sends, or is not JSON of the
   * expected shape: a proxy or another server answered, or the server's API differs.
   *
   * @param request what was asked, e.g. {@code GET /projects/p/merge_requests/5}
   * @param field the missing or malformed field, e.g. {@code iid}
   */
  public static GitOpsException malformed(
      ProviderType type, RepositoryId repository, String request, String field) {
    return new GitOpsException(
        type.displayName()
            + " answered "
            + request
            + " on repository "
            + repository
            + " without a valid '"
            + field
            + "'; the answer is not what the "
            + type.displayName()
            + " API sends (check --server-url)");
  }

  /** Removes control characters and cuts provider text to a readable length. */
  public static String clean(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String flat = text.replaceAll("[\\p{Cntrl}&&[^\n]]", "").replace('\n', ' ').strip();
    return flat.length() > MAX_MESSAGE ? flat.substring(0, MAX_MESSAGE) + "..." : flat;
  }
}
