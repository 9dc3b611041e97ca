package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code gitopsPublishArtifact}: pushes a workspace directory of rendered manifests as a Flux OCI
 * artifact with core's {@code ArtifactPusher}, on the agent, against the directory in place ({@link
 * PublishArtifactCallable}): the artifact is exactly the one {@code gitops artifact push} makes of
 * the same tree. The registry credential is mapped on the controller and sent with the call.
 */
public class GitOpsPublishArtifactStep extends Step {
    private final String directory;
    private final String reference;
    private String tags;
    private String source;
    private String revision;
    private boolean allowMove;
    private String credentialsId;
    private String insecureRegistries;
    private String allowSecrets;
    private boolean allowPlainSecrets;

    /**
     * @param directory the directory to push, relative to the workspace
     * @param reference {@code oci://REGISTRY/REPOSITORY:TAG}
     */
    @DataBoundConstructor
    public GitOpsPublishArtifactStep(String directory, String reference) {
        this.directory = Util.fixEmptyAndTrim(directory);
        this.reference = Util.fixEmptyAndTrim(reference);
    }

    public String getDirectory() {
        return directory;
    }

    public String getReference() {
        return reference;
    }

    public String getTags() {
        return tags;
    }

    /** More tags for the same artifact, comma or newline separated. */
    @DataBoundSetter
    public void setTags(String tags) {
        this.tags = Util.fixEmptyAndTrim(tags);
    }

    public String getSource() {
        return source;
    }

    /** The source annotation; default {@code GIT_URL}. */
    @DataBoundSetter
    public void setSource(String source) {
        this.source = Util.fixEmptyAndTrim(source);
    }

    public String getRevision() {
        return revision;
    }

    /** The revision annotation; default {@code <branch>@sha1:<GIT_COMMIT>}. */
    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = Util.fixEmptyAndTrim(revision);
    }

    public boolean isAllowMove() {
        return allowMove;
    }

    @DataBoundSetter
    public void setAllowMove(boolean allowMove) {
        this.allowMove = allowMove;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getInsecureRegistries() {
        return insecureRegistries;
    }

    @DataBoundSetter
    public void setInsecureRegistries(String insecureRegistries) {
        this.insecureRegistries = Util.fixEmptyAndTrim(insecureRegistries);
    }

    public String getAllowSecrets() {
        return allowSecrets;
    }

    @DataBoundSetter
    public void setAllowSecrets(String allowSecrets) {
        this.allowSecrets = Util.fixEmptyAndTrim(allowSecrets);
    }

    public boolean isAllowPlainSecrets() {
        return allowPlainSecrets;
    }

    @DataBoundSetter
    public void setAllowPlainSecrets(boolean allowPlainSecrets) {
        this.allowPlainSecrets = allowPlainSecrets;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient GitOpsPublishArtifactStep step;

        Execution(GitOpsPublishArtifactStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            EnvVars env = getContext().get(EnvVars.class);
            if (step.directory == null || step.reference == null) {
                throw new AbortException("gitopsPublishArtifact needs directory and reference");
            }
            String source = step.source != null ? step.source : env.get("GIT_URL");
            String revision = step.revision != null ? step.revision : defaultRevision(env);
            if (source == null || revision == null) {
                throw new AbortException("gitopsPublishArtifact needs source and revision (no GIT_URL or"
                        + " GIT_COMMIT in the environment)");
            }
            MappedCredential credential = step.credentialsId == null
                    ? null
                    : GitOpsCredentials.forBuild(step.credentialsId, run, "registry credentials");
            BuildLog log = new BuildLog(listener, credential == null ? List.of() : credential.maskedValues());
            return workspace.act(new PublishArtifactCallable(
                    new PublishArtifactCallable.Request(
                            step.directory,
                            step.reference,
                            new ArrayList<>(Steps.list(step.tags)),
                            source,
                            revision,
                            step.allowMove,
                            new ArrayList<>(Steps.list(step.insecureRegistries)),
                            new ArrayList<>(Steps.list(step.allowSecrets)),
                            step.allowPlainSecrets),
                    credential,
                    log));
        }

        private static String defaultRevision(EnvVars env) {
            String commit = env.get("GIT_COMMIT");
            if (commit == null) {
                return null;
            }
            String branch = env.get("BRANCH_NAME");
            if (branch == null) {
                branch = env.get("GIT_BRANCH");
                if (branch != null && branch.startsWith("origin/")) {
                    branch = branch.substring("origin/".length());
                }
            }
            return (branch == null ? "HEAD" : branch) + "@sha1:" + commit;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsPublishArtifact";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Push rendered manifests as a Flux OCI artifact";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return GitOpsCredentials.fillItems(item, credentialsId);
        }
    }
}
