package io.jenkins.plugins.gitops;

import hudson.remoting.VirtualChannel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.lifecycle.Rollback;
import io.gitopspipeline.lifecycle.RollbackTarget;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.signing.CommitSigner;
import io.gitopspipeline.scm.PullRequestOptions;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import io.jenkins.plugins.gitops.util.Steps;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * The agent side of {@code gitopsRollback}: the same core calls {@code gitops rollback} makes. Core's
 * {@link Rollback} plans the restore from the repository's history, then the plan's promotion goes
 * through {@link Promoter}, or {@link PullRequestPromoter} with a provider. Returns the result as
 * plain values, the shape of the {@code gitopsPullRequest} result plus {@code rollback: [target:
 * [...], rollbackOf: 'sha']}.
 */
final class RollbackCallable extends MasterToSlaveFileCallable<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    /** Everything the step was given, as plain values. */
    record Request(
            String repository,
            String branch,
            String app,
            String environment,
            String to,
            Integer steps,
            String toImage,
            String path,
            String mode,
            String buildUrl,
            String knownHosts,
            boolean acceptNewHostKeys,
            String title,
            ArrayList<String> labels,
            ArrayList<String> reviewers,
            boolean draft,
            boolean autoMerge)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Request request;
    private final MappedCredential git;
    private final CommitSigning.Key signing;
    private final ScmConnections scm;
    private final BuildLog log;
    /** Set by {@link #undoing}: the promotion to undo instead of the request's target. */
    private String undo;

    RollbackCallable(
            Request request, MappedCredential git, CommitSigning.Key signing, ScmConnections scm, BuildLog log) {
        this.request = request;
        this.git = git;
        this.signing = signing;
        this.scm = scm;
        this.log = log;
    }

    /** Undoes exactly {@code commit}'s promotion ({@code waitForGitOpsSync(onFailure: 'rollback')}). */
    RollbackCallable undoing(String commit) {
        this.undo = commit;
        return this;
    }

    @Override
    public Map<String, Object> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path keyDirectory = null;
        try {
            PushMode mode = PromotionPush.mode(request.mode());
            AgentGitCredentials mapped =
                    AgentGitCredentials.of(git, workspace.toPath(), request.knownHosts(), request.acceptNewHostKeys());
            keyDirectory = mapped.keyDirectory();
            GitCredentials credentials = mapped.credentials();
            // loaded (and its temporary key file deleted) before the history is read
            CommitSigner signer = CommitSigning.load(signing);
            PromoterSettings settings = PromoterSettings.defaults();
            Rollback.Request rollback = new Rollback.Request(
                    request.repository(),
                    request.branch(),
                    request.app(),
                    request.environment(),
                    request.path(),
                    credentials,
                    undo != null
                            ? new RollbackTarget.Undo(undo)
                            : Rollback.Request.target(request.to(), request.steps(), request.toImage()),
                    request.buildUrl());
            try (Rollback.Plan plan = new Rollback(settings).plan(rollback, log)) {
                return promote(plan, plan.promotion().withMode(mode).withSigner(signer), new Promoter(settings));
            }
        } catch (GitOpsException e) {
            throw Steps.abort(e);
        } finally {
            PrivateFiles.delete(keyDirectory);
        }
    }

    private Map<String, Object> promote(Rollback.Plan plan, Promotion promotion, Promoter promoter)
            throws GitOpsException {
        PromotionPush.Outcome outcome = PromotionPush.push(
                promoter,
                promotion,
                scm,
                new PullRequestOptions(
                        request.title(), request.labels(), request.reviewers(), request.draft(), request.autoMerge()),
                request.branch(),
                log);
        Map<String, Object> out = PromotionPush.resultMap(outcome, promotion, false);
        Map<String, Object> rollback = new LinkedHashMap<>();
        rollback.put("target", plain(plan.target()));
        rollback.put("rollbackOf", plan.undone().commit());
        out.put("rollback", rollback);
        return out;
    }

    private static Map<String, Object> plain(io.gitopspipeline.lifecycle.PromotionRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commit", r.commit());
        out.put("promotionCommit", r.promotionCommit());
        out.put("time", r.time().toString());
        out.put("image", r.image());
        out.put("sourceRepository", r.sourceRepository());
        out.put("sourceCommit", r.sourceCommit());
        out.put("buildUrl", r.buildUrl());
        out.put("arrival", r.arrival().jsonName());
        return out;
    }
}
