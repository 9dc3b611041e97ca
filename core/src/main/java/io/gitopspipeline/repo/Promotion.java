package io.gitopspipeline.repo;

import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.repo.signing.CommitSigner;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

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
 * @param expectedTree the id of the tree the app's directory held when this promotion was planned,
 *     or null for no expectation; when the directory holds anything else on the branch's tip (at
 *     any attempt), the promotion is refused instead of overwriting it ({@link
 *     DirectoryMovedException}). A rollback that undoes one promotion sets it, so it never
 *     overwrites a newer one that landed meanwhile.
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
    boolean promoteSecretOnlyChanges,
    String expectedTree) {

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
        false,
        null);
  }

  public Promotion withPathTemplate(String template) {
    return copy(c -> c.pathTemplate = template);
  }

  public Promotion withMode(PushMode newMode) {
    return copy(c -> c.mode = newMode);
  }

  public Promotion withMessageTemplate(String template) {
    return copy(c -> c.messageTemplate = template);
  }

  public Promotion withSource(SourceInfo newSource) {
    return copy(c -> c.source = newSource);
  }

  /** Sets the author, and the committer too unless it differs from the author already. */
  public Promotion withAuthor(GitIdentity newAuthor) {
    GitIdentity newCommitter = committer.equals(author) ? newAuthor : committer;
    return copy(
        c -> {
          c.author = newAuthor;
          c.committer = newCommitter;
        });
  }

  public Promotion withCommitter(GitIdentity newCommitter) {
    return copy(c -> c.committer = newCommitter);
  }

  public Promotion withExtraFiles(List<ExtraFiles> extras) {
    return copy(c -> c.extraFiles = extras);
  }

  /** Signs the commits this promotion creates; see {@code repo.signing.CommitSigners}. */
  public Promotion withSigner(CommitSigner newSigner) {
    return copy(c -> c.signer = newSigner);
  }

  public Promotion withCredentials(GitCredentials newCredentials) {
    return copy(c -> c.credentials = newCredentials);
  }

  /** The promotion branch used in {@link PushMode#BRANCH} mode: {@code gitops/<env>/<app>}. */
  public String promotionBranch() {
    return "gitops/" + environment + "/" + app;
  }

  /** Which plaintext Secrets may be written; by default none. */
  public Promotion withSecrets(SecretPolicy policy) {
    return copy(c -> c.secrets = policy);
  }

  /** Commits even when only Secret values changed, e.g. to rotate a generated password. */
  public Promotion withPromoteSecretOnlyChanges(boolean promote) {
    return copy(c -> c.promoteSecretOnlyChanges = promote);
  }

  /**
   * Refuses the promotion when the app's directory no longer holds {@code treeId} (hex) on the
   * branch's tip; see {@link #expectedTree()}.
   */
  public Promotion withExpectedTree(String treeId) {
    return copy(c -> c.expectedTree = treeId);
  }

  private Promotion copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The components of a promotion being changed by one {@code with...} method. */
  private static final class Copy {
    private final String repository;
    private final String branch;
    private final String app;
    private final String environment;
    private final Path renderedDirectory;
    String pathTemplate;
    PushMode mode;
    String messageTemplate;
    SourceInfo source;
    GitIdentity author;
    GitIdentity committer;
    List<ExtraFiles> extraFiles;
    GitCredentials credentials;
    SecretPolicy secrets;
    CommitSigner signer;
    boolean promoteSecretOnlyChanges;
    String expectedTree;

    Copy(Promotion p) {
      repository = p.repository;
      branch = p.branch;
      app = p.app;
      environment = p.environment;
      renderedDirectory = p.renderedDirectory;
      pathTemplate = p.pathTemplate;
      mode = p.mode;
      messageTemplate = p.messageTemplate;
      source = p.source;
      author = p.author;
      committer = p.committer;
      extraFiles = p.extraFiles;
      credentials = p.credentials;
      secrets = p.secrets;
      signer = p.signer;
      promoteSecretOnlyChanges = p.promoteSecretOnlyChanges;
      expectedTree = p.expectedTree;
    }

    Promotion build() {
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
          promoteSecretOnlyChanges,
          expectedTree);
    }
  }
}
