package io.jenkins.plugins.gitops;

import hudson.remoting.VirtualChannel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.lifecycle.SupersedeCheck;
import io.gitopspipeline.lifecycle.Supersession;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.PromoterSettings;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import io.jenkins.plugins.gitops.util.Steps;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.MasterToSlaveFileCallable;

/**
 * Core's {@link SupersedeCheck} for a waiting step: whether another build promoted the same app and
 * environment since this build's promotion. Runs where {@link RepositoryWork} says; returns the
 * newer promotion as plain strings ({@code commit}, {@code branch}, {@code image}, {@code
 * sourceCommit}, {@code buildUrl}), or null when not superseded.
 */
final class SupersedeCallable extends MasterToSlaveFileCallable<Map<String, String>> {
    private static final long serialVersionUID = 1L;

    /** What to check, as plain values. */
    record Request(
            String repository,
            String branch,
            String app,
            String environment,
            String path,
            String ownCommit,
            boolean waitingForMerge,
            String knownHosts,
            boolean acceptNewHostKeys)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Request request;
    private final MappedCredential git;
    private final BuildLog log;

    SupersedeCallable(Request request, MappedCredential git, BuildLog log) {
        this.request = request;
        this.git = git;
        this.log = log;
    }

    @Override
    public Map<String, String> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path keyDirectory = null;
        try {
            AgentGitCredentials mapped =
                    AgentGitCredentials.of(git, workspace.toPath(), request.knownHosts(), request.acceptNewHostKeys());
            keyDirectory = mapped.keyDirectory();
            GitCredentials credentials = mapped.credentials();
            Optional<Supersession> newer = new SupersedeCheck(PromoterSettings.defaults())
                    .check(
                            new SupersedeCheck.Query(
                                    request.repository(),
                                    request.branch(),
                                    request.app(),
                                    request.environment(),
                                    request.path(),
                                    credentials,
                                    request.ownCommit(),
                                    request.waitingForMerge()),
                            log);
            if (newer.isEmpty()) {
                return null;
            }
            Supersession s = newer.get();
            Map<String, String> out = new LinkedHashMap<>();
            out.put("commit", s.commit());
            out.put("branch", s.branch());
            out.put("image", s.image());
            out.put("sourceCommit", s.sourceCommit());
            out.put("buildUrl", s.buildUrl());
            out.put("description", s.describe());
            return out;
        } catch (GitOpsException e) {
            throw Steps.abort(e);
        } finally {
            PrivateFiles.delete(keyDirectory);
        }
    }
}
