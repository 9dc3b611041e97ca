package io.gitopspipeline.cli.lifecycle;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.repo.SigningOptions;
import io.gitopspipeline.cli.scm.PromotePullRequestOptions;
import io.gitopspipeline.lifecycle.Rollback;
import io.gitopspipeline.promote.PullRequestPromoter;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.ScmContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops rollback}: restores an environment's directory as an earlier promotion left it. */
@Command(
    name = "rollback",
    description = {
      "Make an app's environment directory exactly equal to its tree at an earlier promotion (no"
          + " re-render), as a new commit whose trailers carry the restored image and source"
          + " commit plus GitOps-Rollback-Of: the commit being undone.",
      "Pushed like promote: directly or to gitops/ENV/APP for a pull request (--pr), re-applied"
          + " if the branch moved; the same JSON result. Rolling back to the state already there"
          + " changes nothing and says so."
    },
    sortOptions = false)
public final class RollbackCommand extends GitopsSubcommand {
  @Mixin RepositoryOptions repository;

  @Option(names = "--app", required = true, paramLabel = "APP", description = "The app's name.")
  String app;

  @Option(
      names = "--env",
      required = true,
      paramLabel = "ENV",
      description = "The environment's name.")
  String env;

  @Option(
      names = "--to",
      paramLabel = "COMMIT",
      description = "Restore this promotion (its commit or merge commit; 4+ hex digits).")
  String to;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Restore the promotion N before the current one (1: the previous).")
  Integer steps;

  @Option(
      names = "--to-image",
      paramLabel = "REF",
      description = "Restore the newest promotion of exactly this image reference.")
  String toImage;

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
      names = "--build-url",
      paramLabel = "U",
      description = "The build running the rollback (GitOps-Build-URL).")
  String buildUrl;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "10",
      description = "Push attempts when the branch keeps moving (default: 10).")
  int maxAttempts;

  @Override
  protected int execute() throws GitOpsException {
    if (maxAttempts < 1) {
      throw new InvalidInputException("--max-attempts must be at least 1, not " + maxAttempts);
    }
    pr.checkUnused();
    PushMode pushMode = mode != null ? mode : pr.requested() ? PushMode.BRANCH : PushMode.DIRECT;
    if (pr.requested() && pushMode != PushMode.BRANCH) {
      throw new InvalidInputException(
          "--pr opens a pull request from the promotion branch, so it cannot be combined with"
              + " --mode direct; use --mode branch or leave --mode out");
    }
    // The key is loaded and checked before the history is read: a bad key is exit 2, no push.
    CommitSigner signer = signing.signer();
    PromoterSettings settings = repository.settings(maxAttempts);
    Rollback.Request request =
        new Rollback.Request(
            repository.repo,
            repository.branch,
            app,
            env,
            repository.path,
            repository.credentials(),
            Rollback.Request.target(to, steps, toImage),
            buildUrl);
    try (Rollback.Plan plan = new Rollback(settings).plan(request, console().progress())) {
      Promotion promotion = plan.promotion().withMode(pushMode).withSigner(signer);
      Promoter promoter = new Promoter(settings);
      PromotionResult result;
      Optional<PullRequestResult> pullRequest = Optional.empty();
      if (pr.requested()) {
        PullRequestPromoter.Outcome outcome =
            new PullRequestPromoter(
                    promoter,
                    pr.connection(repository.repo, repository.gitCredentials.tokenFile()),
                    ScmContext.system(console().progress(), repository.networkTimeout()))
                .promote(promotion, pr.options(), console().progress());
        result = outcome.promotion();
        pullRequest = outcome.pullRequest();
      } else {
        result = promoter.promote(promotion, console().progress());
      }
      return report(plan, result, pullRequest, signer);
    }
  }

  private int report(
      Rollback.Plan plan,
      PromotionResult result,
      Optional<PullRequestResult> pullRequest,
      CommitSigner signer) {
    Map<String, Object> files = new LinkedHashMap<>();
    files.put("added", result.files().added());
    files.put("modified", result.files().modified());
    files.put("removed", result.files().removed());
    Map<String, Object> rollback = new LinkedHashMap<>();
    rollback.put("target", Rows.json(plan.target()));
    rollback.put("rollbackOf", plan.undone().commit());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("changed", result.changed());
    json.put("commit", result.commit());
    json.put("branch", result.branch());
    json.put("files", files);
    json.put("rollback", rollback);
    if (result.changed() && signer.signature() != null) {
      json.put("signature", SigningOptions.json(signer.signature()));
    }
    pullRequest.ifPresent(p -> json.put("pr", p));
    String target =
        Rows.shortSha(plan.target().commit())
            + (plan.target().image() == null ? "" : " (" + Rows.cell(plan.target().image()) + ")");
    String text;
    if (result.changed()) {
      text =
          String.format(
              "rolled back %s in %s to %s: %s is at %s (%d added, %d modified, %d removed)",
              app,
              env,
              target,
              result.branch(),
              result.commit(),
              result.files().added().size(),
              result.files().modified().size(),
              result.files().removed().size());
    } else if (result.branch().equals(repository.branch)) {
      text =
          String.format(
              "nothing to roll back: %s in %s already is as of %s (%s is at %s)",
              app, env, target, result.branch(), result.commit());
    } else {
      text = String.format("already proposed: %s is at %s", result.branch(), result.commit());
    }
    if (pullRequest.isPresent()) {
      PullRequestResult p = pullRequest.get();
      text += String.format("%npull request #%d (%s): %s", p.number(), p.state(), p.url());
    }
    console().result(json, text);
    return 0;
  }
}
