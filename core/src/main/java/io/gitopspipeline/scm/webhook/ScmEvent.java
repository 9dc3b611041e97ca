package io.gitopspipeline.scm.webhook;

import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import java.util.Locale;
import java.util.Objects;

/**
 * What a provider's pull-request webhook said, normalised.
 *
 * @param provider the provider that sent it
 * @param repository the repository as the payload names it: {@code OWNER/NAME}, GitLab's {@code
 *     GROUP/.../NAME}, Bitbucket Data Center's {@code PROJECT/REPO}, Azure's {@code PROJECT/REPO}
 *     (its service hooks do not name the organisation in a stable field)
 * @param number the pull request's number as users see it (GitLab's iid)
 * @param kind merged, closed without merge, or updated
 * @param commit the merge commit for {@link Kind#MERGED} (null when the payload has none), the new
 *     head for {@link Kind#UPDATED}, null for {@link Kind#CLOSED}
 * @param url the pull request's page, or null
 * @param actor who merged, closed or pushed, when the payload says, or null
 */
public record ScmEvent(
    ProviderType provider,
    String repository,
    long number,
    Kind kind,
    String commit,
    String url,
    String actor) {
  /** What happened to the pull request. */
  public enum Kind {
    UPDATED,
    CLOSED,
    MERGED;

    /** Lower-case, for JSON output. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ScmEvent {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(kind, "kind");
  }

  /** True when the pull request will not change any more: merged or closed. */
  public boolean isFinal() {
    return kind != Kind.UPDATED;
  }

  /** The key events and waits about the same pull request share. */
  public String key() {
    return provider.cliName() + "|" + repository.toLowerCase(Locale.ROOT) + "|" + number;
  }

  /**
   * The key of a wait for {@code number} on {@code repository}: Azure's events name only project
   * and repository, so an Azure repository ({@code ORG/PROJECT/REPO}) is keyed by its last two.
   */
  public static String key(ProviderType provider, RepositoryId repository, long number) {
    String path =
        provider == ProviderType.AZURE && repository.segments().size() == 3
            ? repository.segment(1) + "/" + repository.segment(2)
            : repository.path();
    return provider.cliName() + "|" + path.toLowerCase(Locale.ROOT) + "|" + number;
  }

  /**
   * One line for people, e.g. {@code github acme/ops #5 merged as 1234abc}; control characters from
   * the payload are escaped.
   */
  public String describe() {
    return io.gitopspipeline.api.ControlCharacters.escape(
        provider.cliName()
            + " "
            + repository
            + " #"
            + number
            + " "
            + kind.jsonName()
            + (commit == null ? "" : (kind == Kind.MERGED ? " as " : " at ") + commit));
  }
}
