package io.gitopspipeline.cli.repo;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.scm.PromotePullRequestOptions;
import io.gitopspipeline.promote.PullRequestPromoter;
import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.repo.ExtraFiles;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.GitIdentity;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.SourceInfo;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.ScmContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops promote}: writes rendered manifests into the GitOps repository and pushes. */
@Command(
    name = "promote",
    description = {
      "Write an app's rendered manifests for one environment into the GitOps repository, commit"
          + " with traceability trailers and push (re-applying the change if the branch moved).",
      "A local --repo path that does not exist is created as a bare repository (the embedded"
          + " default).",
      "With --batch FILE, promotes every app the YAML file lists (a release train) at once:"
          + " promotions to one branch are pushed together, one commit each."
    },
    sortOptions = false)
public final class PromoteCommand extends GitopsSubcommand {
  @Option(
      names = "--repo",
      required = true,
      paramLabel = "URL_OR_PATH",
      description = "The GitOps repository: https://, ssh://, git@host:path, file:// or a path.")
  String repo;

  @Option(
      names = "--branch",
      required = true,
      paramLabel = "ENV_BRANCH",
      description = "The environment branch to promote into.")
  String branch;

  @Option(
      names = "--app",
      paramLabel = "APP",
      description = "The app's name (required unless --batch).")
  String app;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      description = "The environment's name (required unless --batch).")
  String env;

  @Option(
      names = "--from",
      paramLabel = "RENDERED_DIR",
      description =
          "The rendered manifests; the app's directory is made to equal it exactly (required"
              + " unless --batch).")
  Path from;

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description =
          "Promote every entry of this YAML file ('promotions:' list of app, env, from and"
              + " optionally path, message, image, sourceRepository, sourceCommit, buildUrl) at"
              + " once; the other options apply to every entry.")
  Path batch;

  @Option(
      names = "--path",
      paramLabel = "TEMPLATE",
      description = "Where the app lives in the repository (default: apps/{app}/{env}).")
  String path;

  @Option(
      names = "--mode",
      paramLabel = "direct|branch",
      description =
          "direct: push to ENV_BRANCH; branch: push to gitops/ENV/APP for a pull request"
              + " (default: direct, or branch with --pr).")
  PushMode mode;

  @Mixin PromotePullRequestOptions pr;

  @Mixin SigningOptions signing;

  @Option(
      names = "--message",
      paramLabel = "T",
      description =
          "Commit message template; placeholders {app} {env} {branch} {image} {sourceCommit}"
              + " {shortSourceCommit} {sourceRepository} {buildUrl}.")
  String message;

  @Option(names = "--source-repo", paramLabel = "U", description = "The app's source repository.")
  String sourceRepo;

  @Option(names = "--source-commit", paramLabel = "SHA", description = "The built source commit.")
  String sourceCommit;

  @Option(names = "--build-url", paramLabel = "U", description = "The build that promoted.")
  String buildUrl;

  @Option(names = "--image", paramLabel = "REF", description = "The image being promoted.")
  String image;

  @Option(
      names = "--extra",
      paramLabel = "SRC=REPO_PATH",
      description =
          "Also write the file or directory SRC at REPO_PATH ({app}, {env} allowed); repeatable.")
  List<String> extras = new ArrayList<>();

  @Option(names = "--author-name", paramLabel = "NAME", description = "Commit author name.")
  String authorName;

  @Option(names = "--author-email", paramLabel = "EMAIL", description = "Commit author email.")
  String authorEmail;

  @Option(
      names = "--committer-name",
      paramLabel = "NAME",
      description = "Committer name (default: the author).")
  String committerName;

  @Option(
      names = "--committer-email",
      paramLabel = "EMAIL",
      description = "Committer email (default: the author's).")
  String committerEmail;

  @Mixin GitCredentialOptions gitCredentials;

  @Option(
      names = "--allow-secret",
      paramLabel = "NS/NAME",
      description =
          "Promote this plaintext Secret anyway (repeatable). By default a Secret with data or"
              + " stringData is refused unless SOPS encrypted it.")
  List<String> allowSecrets = new ArrayList<>();

  @Option(
      names = "--allow-plain-secrets",
      description = "Promote every plaintext Secret anyway (it stays in the repository's history).")
  boolean allowPlainSecrets;

  @Option(
      names = "--promote-secret-only-changes",
      description =
          "Commit even when the only differences from the repository are Secret values (a"
              + " chart's random password rendered anew, or SOPS re-encrypting the same keys), e.g."
              + " to rotate them. By default such a promotion is already up to date.")
  boolean promoteSecretOnlyChanges;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "Keep a per-remote cache here so later promotions fetch instead of cloning.")
  Path cacheDir;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where temporary working repositories go (default: the system's temp dir).")
  Path workDir;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      description =
          "An optional cap on push attempts while the branch keeps moving (default: none, only"
              + " --timeout bounds the retries).")
  Integer maxAttempts;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description =
          "How long to keep re-applying and pushing while the branch keeps moving; also bounds"
              + " each network operation (default: 5m).")
  String timeout;

  @Override
  protected int execute() throws GitOpsException {
    if (maxAttempts != null && maxAttempts < 1) {
      throw new InvalidInputException("--max-attempts must be at least 1, not " + maxAttempts);
    }
    if (batch != null && (app != null || env != null || from != null)) {
      throw new InvalidInputException(
          "--batch lists the apps, environments and rendered directories; drop --app, --env and"
              + " --from");
    }
    if (batch == null && (app == null || env == null || from == null)) {
      throw new InvalidInputException(
          "give --app, --env and --from, or --batch FILE with a list of promotions (run 'gitops"
              + " promote --help' for usage)");
    }
    pr.checkUnused();
    PushMode pushMode = mode != null ? mode : pr.requested() ? PushMode.BRANCH : PushMode.DIRECT;
    if (pr.requested() && pushMode != PushMode.BRANCH) {
      throw new InvalidInputException(
          "--pr opens a pull request from the promotion branch, so it cannot be combined with"
              + " --mode direct; use --mode branch or leave --mode out");
    }
    Duration total = Durations.parse(timeout);
    if (total.isZero() || total.isNegative()) {
      throw new InvalidInputException("--timeout must be positive, not " + timeout);
    }
    // The key is loaded and checked before anything else happens: a bad key is exit 2, no push.
    CommitSigner signer = signing.signer();
    PromoterSettings defaults = PromoterSettings.defaults();
    PromoterSettings settings =
        new PromoterSettings(
                workDir,
                cacheDir,
                maxAttempts == null ? Integer.MAX_VALUE : maxAttempts,
                defaults.initialBackoff(),
                defaults.maxBackoff(),
                defaults.networkTimeout(),
                total)
            .withTimeout(total);
    Duration networkTimeout = settings.networkTimeout();
    GitIdentity author =
        authorName == null && authorEmail == null
            ? GitIdentity.DEFAULT
            : GitIdentity.of(
                authorName == null ? GitIdentity.DEFAULT.name() : authorName,
                authorEmail == null ? GitIdentity.DEFAULT.email() : authorEmail);
    GitIdentity committer =
        committerName == null && committerEmail == null
            ? author
            : GitIdentity.of(
                committerName == null ? author.name() : committerName,
                committerEmail == null ? author.email() : committerEmail);
    GitCredentials credentials = gitCredentials.credentials();
    List<ExtraFiles> extraFiles = extraFiles();
    SecretPolicy secrets = SecretPolicy.of(allowPlainSecrets, allowSecrets);
    Promoter promoter = new Promoter(settings);
    if (batch != null) {
      if (pr.requested()) {
        throw new InvalidInputException(
            "--batch pushes the promotions straight to the branch; it cannot open pull requests"
                + " (--pr)");
      }
      List<Promotion> promotions = new ArrayList<>();
      for (PromotionBatchFile.Entry entry : PromotionBatchFile.read(batch)) {
        promotions.add(
            Promotion.of(repo, branch, entry.app(), entry.env(), entry.from())
                .withPathTemplate(entry.path() != null ? entry.path() : path)
                .withMode(pushMode)
                .withMessageTemplate(entry.message() != null ? entry.message() : message)
                .withSource(
                    new SourceInfo(
                        entry.image() != null ? entry.image() : image,
                        entry.sourceRepository() != null ? entry.sourceRepository() : sourceRepo,
                        entry.sourceCommit() != null ? entry.sourceCommit() : sourceCommit,
                        entry.buildUrl() != null ? entry.buildUrl() : buildUrl))
                .withAuthor(author)
                .withCommitter(committer)
                .withExtraFiles(extraFiles)
                .withCredentials(credentials)
                .withSecrets(secrets)
                .withSigner(signer)
                .withPromoteSecretOnlyChanges(promoteSecretOnlyChanges));
      }
      return new BatchPromotion(promoter, console()).run(promotions);
    }
    Promotion promotion =
        Promotion.of(repo, branch, app, env, from)
            .withPathTemplate(path)
            .withMode(pushMode)
            .withMessageTemplate(message)
            .withSource(new SourceInfo(image, sourceRepo, sourceCommit, buildUrl))
            .withAuthor(author)
            .withCommitter(committer)
            .withExtraFiles(extraFiles)
            .withCredentials(credentials)
            .withSecrets(secrets)
            .withSigner(signer)
            .withPromoteSecretOnlyChanges(promoteSecretOnlyChanges);

    PromotionResult result;
    Optional<PullRequestResult> pullRequest = Optional.empty();
    if (pr.requested()) {
      PullRequestPromoter.Outcome outcome =
          new PullRequestPromoter(
                  promoter,
                  pr.connection(repo, gitCredentials.tokenFile()),
                  ScmContext.system(console().progress(), networkTimeout))
              .promote(promotion, pr.options(), console().progress());
      result = outcome.promotion();
      pullRequest = outcome.pullRequest();
    } else {
      result = promoter.promote(promotion, console().progress());
    }

    Map<String, Object> files = new LinkedHashMap<>();
    files.put("added", result.files().added());
    files.put("modified", result.files().modified());
    files.put("removed", result.files().removed());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("changed", result.changed());
    json.put("commit", result.commit());
    json.put("branch", result.branch());
    json.put("files", files);
    if (!result.changed()) {
      json.put("secretValuesOnly", result.secretValuesOnly());
    }
    if (result.changed() && signer.signature() != null) {
      json.put("signature", SigningOptions.json(signer.signature()));
    }
    pullRequest.ifPresent(p -> json.put("pr", p));
    String text =
        result.changed()
            ? String.format(
                "promoted %s to %s: %s is at %s (%d added, %d modified, %d removed)",
                app,
                env,
                result.branch(),
                result.commit(),
                result.files().added().size(),
                result.files().modified().size(),
                result.files().removed().size())
            : result.secretValuesOnly()
                ? String.format(
                    "only Secret values changed; nothing to promote: %s is at %s (pass"
                        + " --promote-secret-only-changes to commit them)",
                    result.branch(), result.commit())
                : result.branch().equals(branch)
                    ? String.format(
                        "already up to date: %s is at %s", result.branch(), result.commit())
                    : String.format(
                        "already proposed: %s is at %s", result.branch(), result.commit());
    if (pullRequest.isPresent()) {
      PullRequestResult p = pullRequest.get();
      text += String.format("%npull request #%d (%s): %s", p.number(), p.state(), p.url());
    } else if (pr.requested() && !result.secretValuesOnly()) {
      text += String.format("%nno pull request: %s already holds this promotion", branch);
    }
    console().result(json, text);
    return 0;
  }

  private List<ExtraFiles> extraFiles() throws InvalidInputException {
    List<ExtraFiles> result = new ArrayList<>();
    for (String extra : extras) {
      int eq = extra.indexOf('=');
      if (eq <= 0 || eq == extra.length() - 1) {
        throw new InvalidInputException(
            "--extra '" + extra + "' must be SRC=REPO_PATH, e.g. chart=sources/{app}/chart");
      }
      result.add(new ExtraFiles(Path.of(extra.substring(0, eq)), extra.substring(eq + 1)));
    }
    return result;
  }
}
