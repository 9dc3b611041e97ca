package io.jenkins.plugins.gitops;

import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.gitops.actions.PromotionSettings;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.config.ScmConnections;
import io.jenkins.plugins.gitops.util.BuildLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The credentials a committing step ({@code gitopsPullRequest}, {@code gitopsRollback}, the
 * rollback of {@code waitForGitOpsSync(onFailure: 'rollback')}) resolves for its build: git, the
 * signing key and the pull-request provider's connection, each null when not configured, and the
 * build log that masks every one of their secret values.
 */
record CommitCredentials(MappedCredential git, CommitSigning.Key signing, ScmConnections scm) {

    /**
     * Resolves the credential ids {@code settings} names, for {@code run}.
     *
     * @param repository the GitOps repository; a provider's repository defaults from it
     */
    static CommitCredentials forBuild(PromotionSettings settings, String repository, Run<?, ?> run) throws IOException {
        MappedCredential git = settings.getCredentialsId() == null
                ? null
                : GitOpsCredentials.forBuild(settings.getCredentialsId(), run, "GitOps repository credentials");
        ScmConnections scm = settings.getProvider() == null
                ? null
                : ScmConnections.resolve(
                        settings.getProvider(),
                        settings.getServerUrl(),
                        settings.getPrRepository(),
                        repository,
                        settings.getTokenCredentialsId(),
                        settings.getGithubAppId(),
                        run);
        CommitSigning.Key signing = CommitSigning.forBuild(
                settings.getSigningCredentialsId(), settings.getSigningPassphraseCredentialsId(), run);
        return new CommitCredentials(git, signing, scm);
    }

    /** The build log, masking every secret value of these credentials. */
    BuildLog log(TaskListener listener) {
        List<Secret> masked = new ArrayList<>();
        if (git != null) {
            masked.addAll(git.maskedValues());
        }
        if (signing != null) {
            masked.addAll(signing.maskedValues());
        }
        if (scm != null && scm.credential() != null) {
            masked.addAll(scm.credential().maskedValues());
        }
        return new BuildLog(listener, masked);
    }
}
