package io.gitopspipeline.repo;

import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.repo.signing.CommitSigner;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One request to write an app's rendered manifests for one environment into the GitOps repository.
 * Start with {@link #of} and refine with the {@code with...} methods.
 *
 * @param repository the remote: a URL ({@code https://}, {@code ssh://}, {@code git@host:path},
 *     {@code file://}) or a local path; a local path that does not exist is created as a bare
 *     repository whose branch holds one initial commit (the embedded default)
 * @param branch the environment branch, e.g. {@code main} or {@code env/dev}
 * @param app the app's name, used in the path and the trailers
 * @param environment the environment's name, used in the path and the trailers
 * @param renderedDirectory the rendered manifests; the app's directory is made to equal it
 * @param pathTemplate where the app lives in the repository; {@code {app}} and {@code {env}} are
 *     replaced ({@link #DEFAULT_PATH_TEMPLATE} by default)
 * @param mode push straight to the branch or to a promotion branch
 * @param messageTemplate the commit message before the trailers, or {@code null} for the default;
 *     placeholders: {@code {app} {env} {branch} {image} {sourceCommit} {shortSourceCommit}
 *     {sourceRepository} {buildUrl}}
 * @param source traceability values for the trailers
 * @param author the commit's author
 * @param committer the commit's committer
 * @param extraFiles further files to write beside the manifests
 * @param credentials how to authenticate to the remote
 * @param secrets which plaintext Secrets the written files may hold (default: none)
 * @param signer signs every commit this promotion creates ({@link CommitSigner#NONE}: unsigned); it
 *     travels with the promotion because promotions queued together may each sign with their own
 *     key
 * @param promoteSecretOnlyChanges commit even when the only differences from what the repository
 *     holds are Secret values (a chart's random password rendered anew); by default such a
 *     promotion is already up to date
 */
public record Promotion(
    String repository,
    String branch,
    String app,
    String environment,
    Path renderedDirectory,
    String pathTemplate,
    PushMode mode,
    String messageTemplate,
    SourceInfo source,
    GitIdentity author,
    GitIdentity committer,
    List<ExtraFiles> extraFiles,
    GitCredentials credentials,
    SecretPolicy secrets,
    CommitSigner signer,
    boolean promoteSecretOnlyChanges) {

  /** The documented default layout: {@code apps/<app>/<env>/}. */
  public static final String DEFAULT_PATH_TEMPLATE = "apps/{app}/{env}";

  public Promotion {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(renderedDirectory, "renderedDirectory");
    pathTemplate = pathTemplate == null ? DEFAULT_PATH_TEMPLATE : pathTemplate;
    mode = mode == null ? PushMode.DIRECT : mode;
    source = source == null ? SourceInfo.NONE : source;
    author = author == null ? GitIdentity.DEFAULT : author;
    committer = committer == null ? author : committer;
    extraFiles = extraFiles == null ? List.of() : List.copyOf(extraFiles);
    credentials = credentials == null ? GitCredentials.NONE : credentials;
    secrets = secrets == null ? SecretPolicy.REFUSE_PLAIN : secrets;
    signer = signer == null ? CommitSigner.NONE : signer;
  }

  /** A direct promotion with the default layout, message, identity and no credentials. */
  public static Promotion of(
      String repository, String branch, String app, String environment, Path renderedDirectory) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false);
  }

  public Promotion withPathTemplate(String template) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        template,
        mode,
        messageTemplate,
        source,
        author,
        committer,
        extraFiles,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  public Promotion withMode(PushMode newMode) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        newMode,
        messageTemplate,
        source,
        author,
        committer,
        extraFiles,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  public Promotion withMessageTemplate(String template) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        template,
        source,
        author,
        committer,
        extraFiles,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  public Promotion withSource(SourceInfo newSource) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        newSource,
        author,
        committer,
        extraFiles,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  /** Sets the author, and the committer too unless it differs from the author already. */
  public Promotion withAuthor(GitIdentity newAuthor) {
    GitIdentity newCommitter = committer.equals(author) ? newAuthor : committer;
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        newAuthor,
        newCommitter,
        extraFiles,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  public Promotion withCommitter(GitIdentity newCommitter) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        author,
        newCommitter,
        extraFiles,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  public Promotion withExtraFiles(List<ExtraFiles> extras) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        author,
        committer,
        extras,
        credentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  /** Signs the commits this promotion creates; see {@code repo.signing.CommitSigners}. */
  public Promotion withSigner(CommitSigner newSigner) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        author,
        committer,
        extraFiles,
        credentials,
        secrets,
        newSigner,
        promoteSecretOnlyChanges);
  }

  public Promotion withCredentials(GitCredentials newCredentials) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        author,
        committer,
        extraFiles,
        newCredentials,
        secrets,
        signer,
        promoteSecretOnlyChanges);
  }

  /** The promotion branch used in {@link PushMode#BRANCH} mode: {@code gitops/<env>/<app>}. */
  public String promotionBranch() {
    return "gitops/" + environment + "/" + app;
  }

  /** Which plaintext Secrets may be written; by default none. */
  public Promotion withSecrets(SecretPolicy policy) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        author,
        committer,
        extraFiles,
        credentials,
        policy,
        signer,
        promoteSecretOnlyChanges);
  }

  /** Commits even when only Secret values changed, e.g. to rotate a generated password. */
  public Promotion withPromoteSecretOnlyChanges(boolean promote) {
    return new Promotion(
        repository,
        branch,
        app,
        environment,
        renderedDirectory,
        pathTemplate,
        mode,
        messageTemplate,
        source,
        author,
        committer,
        extraFiles,
        credentials,
        secrets,
        signer,
        promote);
  }
}
