package io.jenkins.plugins.gitops;

import hudson.model.Run;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.scm.CommitState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.sync.WaitOutcome;
import io.gitopspipeline.sync.WaitState;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import jenkins.model.Jenkins;

/**
 * The GitOps-connector role of {@code waitForGitOpsSync}: each phase of the sync becomes a commit
 * status on the GitOps commit and, when given, on the application's source commit, linking to the
 * build. Settings only (small, serializable, no secrets): credentials are looked up for the build
 * each time. A status that cannot be set is logged and never fails the wait.
 */
final class CommitStatusMirror implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String serverUrl;
    private final String repository;
    private final String credentialsId;
    private final String context;
    private final String sourceRepository;
    private final String sourceCommit;

    CommitStatusMirror(
            String provider,
            String serverUrl,
            String repository,
            String credentialsId,
            String context,
            String sourceRepository,
            String sourceCommit) {
        this.provider = provider;
        this.serverUrl = serverUrl;
        this.repository = repository;
        this.credentialsId = credentialsId;
        this.context = context == null ? "gitops/sync" : context;
        this.sourceRepository = sourceRepository;
        this.sourceCommit = sourceCommit;
    }

    /** The status a wait's state stands for. */
    static CommitState stateOf(WaitState state) {
        return switch (state.outcome()) {
            case WAITING -> CommitState.PENDING;
            case SUCCEEDED -> CommitState.SUCCESS;
            case FAILED -> CommitState.FAILURE;
            case TIMED_OUT, CANCELLED -> CommitState.ERROR;
        };
    }

    static String descriptionOf(WaitState state) {
        return switch (state.outcome()) {
            case WAITING -> "waiting for the reconciler to apply " + abbreviate(state.revision());
            case SUCCEEDED -> "applied and healthy";
            case FAILED -> "the reconciler failed to apply the revision";
            case TIMED_OUT -> "not applied before the deadline";
            case CANCELLED -> "the wait was stopped";
        };
    }

    /** Sets the status for {@code state}; blocking network I/O, so never on a request thread. */
    void mirror(Run<?, ?> run, WaitState state, BuildLog log) {
        try {
            ScmConnections gitops =
                    ScmConnections.resolve(provider, serverUrl, repository, null, credentialsId, null, run);
            String root = Jenkins.get().getRootUrl();
            CommitStatus status = new CommitStatus(
                    stateOf(state), context, descriptionOf(state), root == null ? null : root + run.getUrl());
            ScmContext scmContext = ScmContext.system(log, Duration.ofSeconds(30));
            new PullRequestService(ScmProviders.create(gitops.connection(), scmContext), scmContext)
                    .setCommitStatus(state.revision(), status);
            if (sourceRepository != null && sourceCommit != null) {
                ScmConnections source =
                        ScmConnections.resolve(provider, serverUrl, sourceRepository, null, credentialsId, null, run);
                new PullRequestService(ScmProviders.create(source.connection(), scmContext), scmContext)
                        .setCommitStatus(sourceCommit, status);
            }
            if (state.outcome() != WaitOutcome.WAITING) {
                log.println("[gitops] Commit status " + context + " set to " + status.state());
            }
        } catch (GitOpsException e) {
            log.println("[gitops] WARNING: could not set the commit status: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.println("[gitops] WARNING: could not set the commit status: " + e.getMessage());
        }
    }

    private static String abbreviate(String revision) {
        return revision.length() > 12 ? revision.substring(0, 12) : revision;
    }
}
