package io.jenkins.plugins.gitops;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.promote.PullRequestPromoter;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.scm.PullRequestOptions;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.ScmContext;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes a promotion the way the committing steps' callables do ({@code gitopsPullRequest} and
 * {@code gitopsRollback}): straight through the {@link Promoter}, or, with a provider, to the
 * promotion branch with a pull request opened or updated; and turns the outcome into the steps'
 * shared result map.
 */
final class PromotionPush {
    /** What was pushed, and the pull request when one was opened or updated. */
    record Outcome(PromotionResult result, Optional<PullRequestResult> pullRequest) {}

    private PromotionPush() {}

    /** The step's {@code mode} argument. */
    static PushMode mode(String text) throws InvalidInputException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "direct" -> PushMode.DIRECT;
            case "branch" -> PushMode.BRANCH;
            default -> throw new InvalidInputException("mode '" + text + "' is not known; use direct or branch");
        };
    }

    /**
     * Pushes {@code promotion}.
     *
     * @param scm the provider's connection, or null to push without a pull request
     * @param environmentBranch named in the error when a provider is given with mode direct
     */
    static Outcome push(
            Promoter promoter,
            Promotion promotion,
            ScmConnections scm,
            PullRequestOptions options,
            String environmentBranch,
            BuildLog log)
            throws GitOpsException {
        if (scm == null) {
            return new Outcome(promoter.promote(promotion, log), Optional.empty());
        }
        if (promotion.mode() != PushMode.BRANCH) {
            throw new InvalidInputException("mode 'direct' pushes straight to "
                    + environmentBranch
                    + ", so there is no pull request to open on "
                    + scm.provider()
                    + ": use mode 'branch' (or leave mode out), or remove provider");
        }
        PullRequestPromoter.Outcome outcome = new PullRequestPromoter(
                        promoter, scm.connection(), ScmContext.system(log, Duration.ofMinutes(5)))
                .promote(promotion, options, log);
        return new Outcome(outcome.promotion(), outcome.pullRequest());
    }

    /**
     * The result map: {@code changed}, {@code secretValuesOnly} (when asked for), {@code commit},
     * {@code branch}, {@code files}, {@code signature} (for a signed new commit) and {@code pr}.
     */
    static Map<String, Object> resultMap(Outcome outcome, Promotion promotion, boolean withSecretValuesOnly) {
        PromotionResult result = outcome.result();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("changed", result.changed());
        if (withSecretValuesOnly) {
            out.put("secretValuesOnly", result.secretValuesOnly());
        }
        out.put("commit", result.commit());
        out.put("branch", result.branch());
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("added", new ArrayList<>(result.files().added()));
        files.put("modified", new ArrayList<>(result.files().modified()));
        files.put("removed", new ArrayList<>(result.files().removed()));
        out.put("files", files);
        if (result.changed() && promotion.signer().signature() != null) {
            out.put("signature", CommitSigning.plain(promotion.signer().signature()));
        }
        outcome.pullRequest().ifPresent(pr -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("number", pr.number());
            plain.put("url", pr.url());
            plain.put("state", pr.state());
            out.put("pr", plain);
        });
        return out;
    }
}
