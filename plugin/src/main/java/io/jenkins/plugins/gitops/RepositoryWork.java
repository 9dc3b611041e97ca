package io.jenkins.plugins.gitops;

import hudson.AbortException;
import hudson.FilePath;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Where a wait's own git work runs (the rollback of {@code waitForGitOpsSync(onFailure:
 * 'rollback')} and the check for a newer promotion): on the workspace of the enclosing {@code
 * node} when there is one, as {@code gitopsPullRequest} runs; else on the controller, but only for
 * an HTTP(S) remote. A local path or {@code file://} URL names a directory on the agent that
 * promoted: read on the controller it would reach the controller's own file system, which a
 * Pipeline must not (the same holds for a {@code knownHosts} file, a path in the workspace). SSH
 * remotes need the workspace too: without a {@code knownHosts} file, SSH on the controller would
 * trust (and, with {@code acceptNewHostKeys}, write) the controller account's own {@code
 * ~/.ssh/known_hosts}.
 */
final class RepositoryWork {
    /** {@code user@host:path}, git's scp-like syntax for SSH. */
    private static final Pattern SCP_LIKE = Pattern.compile("[^/\\\\@:]+@[^/\\\\:]+:.*");

    private RepositoryWork() {}

    /**
     * The directory the callable runs in.
     *
     * @param what what the work is, for the error (e.g. {@code the rollback})
     * @throws AbortException outside a {@code node} for a repository or known_hosts file on an agent
     */
    static FilePath where(StepContext context, String repository, String knownHosts, String what)
            throws IOException, InterruptedException {
        FilePath workspace = context.get(FilePath.class);
        if (workspace != null) {
            return workspace;
        }
        if (!isHttpRemote(repository) || knownHosts != null) {
            throw new AbortException(what
                    + " needs the workspace: "
                    + (knownHosts != null
                            ? "the GitOps repository's known_hosts file is a path on the agent"
                            : isNetworkRemote(repository)
                                    ? "an SSH remote is reached with the agent's known hosts, never the"
                                            + " controller's"
                                    : "the GitOps repository is a path on the agent")
                    + "; call the wait inside the node block that promoted");
        }
        return new FilePath(new File(System.getProperty("java.io.tmpdir")));
    }

    /** Whether {@link #where} has somewhere to run: a workspace, or a network remote. */
    static boolean canRun(StepContext context, String repository, String knownHosts)
            throws IOException, InterruptedException {
        return context.get(FilePath.class) != null || (isHttpRemote(repository) && knownHosts == null);
    }

    /** An {@code https://} or {@code http://} remote: the only kind the controller may reach itself. */
    static boolean isHttpRemote(String repository) {
        if (repository == null) {
            return false;
        }
        String lower = repository.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    static boolean isNetworkRemote(String repository) {
        if (repository == null) {
            return false;
        }
        String lower = repository.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("https://")
                || lower.startsWith("http://")
                || lower.startsWith("ssh://")
                || lower.startsWith("git://")
                || SCP_LIKE.matcher(repository.trim()).matches();
    }
}
