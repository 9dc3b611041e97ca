package io.jenkins.plugins.gitops;

import hudson.remoting.VirtualChannel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.WorkspacePaths;
import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.GitIdentity;
import io.gitopspipeline.repo.Promoter;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.Promotion;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import io.gitopspipeline.repo.SourceInfo;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * The agent side of {@code gitopsPullRequest}: one call to core, the same one {@code gitops promote}
 * makes. Without a provider that is {@link Promoter}; with one it is {@link PullRequestPromoter},
 * which pushes the promotion branch and opens or updates its pull request (as {@code --pr} does).
 * Returns the result as plain values, the shape of the {@code gitops promote} JSON.
 */
final class PromoteCallable extends MasterToSlaveFileCallable<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    /** Everything the step was given, as plain values. */
    record Request(
            String repository,
            String branch,
            String app,
            String environment,
            String from,
            String path,
            String mode,
            String message,
            String image,
            String sourceRepository,
            String sourceCommit,
            String buildUrl,
            String authorName,
            String authorEmail,
            String knownHosts,
            boolean acceptNewHostKeys,
            String title,
            ArrayList<String> labels,
            ArrayList<String> reviewers,
            boolean draft,
            boolean autoMerge,
            long timeoutMillis,
            ArrayList<String> allowSecrets,
            boolean allowPlainSecrets,
            boolean promoteSecretOnlyChanges)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Request request;
    private final MappedCredential git;
    private final CommitSigning.Key signing;
    private final ScmConnections scm;
    private final BuildLog log;

    PromoteCallable(
            Request request, MappedCredential git, CommitSigning.Key signing, ScmConnections scm, BuildLog log) {
        this.request = request;
        this.git = git;
        this.signing = signing;
        this.scm = scm;
        this.log = log;
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
            // loaded (and its temporary key file deleted) before any work: a bad key fails first
            CommitSigner signer = CommitSigning.load(signing);
            Path rendered = WorkspacePaths.inside(workspace.toPath(), request.from(), "from");
            Promotion promotion = Promotion.of(
                            request.repository(), request.branch(), request.app(), request.environment(), rendered)
                    .withPathTemplate(request.path())
                    .withMode(mode)
                    .withMessageTemplate(request.message())
                    .withSource(new SourceInfo(
                            request.image(), request.sourceRepository(), request.sourceCommit(), request.buildUrl()))
                    .withCredentials(credentials)
                    .withSecrets(SecretPolicy.of(request.allowPlainSecrets(), request.allowSecrets()))
                    .withPromoteSecretOnlyChanges(request.promoteSecretOnlyChanges())
                    .withSigner(signer);
            if (request.authorName() != null || request.authorEmail() != null) {
                promotion = promotion.withAuthor(GitIdentity.of(
                        request.authorName() != null ? request.authorName() : GitIdentity.DEFAULT.name(),
                        request.authorEmail() != null ? request.authorEmail() : GitIdentity.DEFAULT.email()));
            }
            // the step's timeout bounds the retries while the branch keeps moving (direct mode)
            Promoter promoter =
                    new Promoter(PromoterSettings.defaults().withTimeout(Duration.ofMillis(request.timeoutMillis())));
            PromotionPush.Outcome outcome = PromotionPush.push(
                    promoter,
                    promotion,
                    scm,
                    new PullRequestOptions(
                            request.title(),
                            request.labels(),
                            request.reviewers(),
                            request.draft(),
                            request.autoMerge()),
                    request.branch(),
                    log);
            PromotionResult result = outcome.result();
            if (result.secretValuesOnly()) {
                // core's own line names the CLI flag; this one names the step's argument
                log.println("[gitops] "
                        + request.app()
                        + " in "
                        + request.environment()
                        + ": only Secret values changed; nothing to promote ("
                        + result.branch()
                        + " stays at "
                        + result.commit()
                        + "). Set promoteSecretOnlyChanges: true to commit them, e.g. to rotate a password.");
            }
            return PromotionPush.resultMap(outcome, promotion, true);
        } catch (GitOpsException e) {
            throw Steps.abort(e);
        } finally {
            PrivateFiles.delete(keyDirectory);
        }
    }
}
