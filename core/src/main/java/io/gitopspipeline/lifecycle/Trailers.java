package io.gitopspipeline.lifecycle;

import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The {@code GitOps-*} trailers of one commit, as {@code CommitMessage} writes them. JGit's footer
 * parser reads only the message's last paragraph, which is where git (and we) put trailers.
 */
record Trailers(
    String app,
    String environment,
    String image,
    String sourceRepository,
    String sourceCommit,
    String buildUrl,
    String rollbackOf) {
  static final String ROLLBACK_OF = "GitOps-Rollback-Of";

  /** The commit's trailers, when it names at least an app and an environment. */
  static Optional<Trailers> of(RevCommit commit) {
    String app = null;
    String env = null;
    String image = null;
    String repository = null;
    String source = null;
    String build = null;
    String rollbackOf = null;
    for (FooterLine line : commit.getFooterLines()) {
      String value = line.getValue().strip();
      switch (line.getKey().toLowerCase(java.util.Locale.ROOT)) {
        case "gitops-app" -> app = value;
        case "gitops-environment" -> env = value;
        case "gitops-image" -> image = value;
        case "gitops-source-repository" -> repository = value;
        case "gitops-source-commit" -> source = value;
        case "gitops-build-url" -> build = value;
        case "gitops-rollback-of" -> rollbackOf = value;
        default -> {
          // other trailers (Signed-off-by, ...) are not ours
        }
      }
    }
    if (app == null || env == null || app.isEmpty() || env.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Trailers(app, env, image, repository, source, build, rollbackOf));
  }

  boolean names(String queryApp, String queryEnv) {
    return (queryApp == null || queryApp.equals(app))
        && (queryEnv == null || queryEnv.equals(environment));
  }

  /** Whether both come from the same build: same build URL, source commit and image. */
  boolean sameBuild(Trailers other) {
    return other != null
        && Objects.equals(buildUrl, other.buildUrl)
        && Objects.equals(sourceCommit, other.sourceCommit)
        && Objects.equals(image, other.image);
  }
}
