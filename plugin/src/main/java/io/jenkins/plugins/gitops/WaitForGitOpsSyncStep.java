package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.sync.Target;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.ScmServer;
import io.jenkins.plugins.gitops.util.Steps;
import java.util.Set;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code waitForGitOpsSync}: pauses the build until the reconciler (Flux or Argo CD) reports the
 * GitOps revision applied and healthy on every target, without holding an executor or a thread.
 * Resumed by the {@code /gitops-webhook/} endpoint, with a kubeconfig by polling the cluster, and
 * with a commit status provider by polling the statuses the reconciler sets on the revision;
 * survives a controller restart. See {@link WaitForGitOpsSyncExecution}.
 */
public class WaitForGitOpsSyncStep extends Step {
    private final String revision;
    private final String targets;
    private String timeout;
    private String kubeconfigCredentialsId;
    private String kubeContext;
    private String pollInterval;
    private String statusProvider;
    private String statusServerUrl;
    private String statusRepository;
    private String statusCredentialsId;
    private String statusContext;
    private String sourceRepository;
    private String sourceCommit;
    private String commitStatusProvider;
    private String commitStatusServerUrl;
    private String commitStatusRepository;
    private String commitStatusCredentialsId;
    private String onFailure;

    /**
     * @param revision the GitOps commit SHA the reconciler must apply (e.g. {@code
     *     waitForGitOpsMerge}'s {@code mergeCommit}, or {@code gitopsPullRequest}'s {@code commit})
     * @param targets the reconciled objects, {@code KIND/NAMESPACE/NAME[@CLUSTER]}, separated by
     *     commas or new lines, e.g. {@code Kustomization/flux-system/apps}
     */
    @DataBoundConstructor
    public WaitForGitOpsSyncStep(String revision, String targets) {
        this.revision = Util.fixEmptyAndTrim(revision);
        this.targets = Util.fixEmptyAndTrim(targets);
    }

    public String getRevision() {
        return revision;
    }

    public String getTargets() {
        return targets;
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    /** A secret file holding a kubeconfig: enables polling the cluster for clusters that cannot call Jenkins. */
    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = Util.fixEmptyAndTrim(kubeconfigCredentialsId);
    }

    public String getKubeContext() {
        return kubeContext;
    }

    @DataBoundSetter
    public void setKubeContext(String kubeContext) {
        this.kubeContext = Util.fixEmptyAndTrim(kubeContext);
    }

    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = Util.fixEmptyAndTrim(pollInterval);
    }

    public String getStatusProvider() {
        return statusProvider;
    }

    /** Mirrors each phase as a commit status on this provider (github, gitlab, ...). */
    @DataBoundSetter
    public void setStatusProvider(String statusProvider) {
        this.statusProvider = Util.fixEmptyAndTrim(statusProvider);
    }

    public String getStatusServerUrl() {
        return statusServerUrl;
    }

    @DataBoundSetter
    public void setStatusServerUrl(String statusServerUrl) {
        this.statusServerUrl = Util.fixEmptyAndTrim(statusServerUrl);
    }

    public String getStatusRepository() {
        return statusRepository;
    }

    /** The GitOps repository on the provider, e.g. {@code org/gitops}. */
    @DataBoundSetter
    public void setStatusRepository(String statusRepository) {
        this.statusRepository = Util.fixEmptyAndTrim(statusRepository);
    }

    public String getStatusCredentialsId() {
        return statusCredentialsId;
    }

    @DataBoundSetter
    public void setStatusCredentialsId(String statusCredentialsId) {
        this.statusCredentialsId = Util.fixEmptyAndTrim(statusCredentialsId);
    }

    public String getStatusContext() {
        return statusContext;
    }

    @DataBoundSetter
    public void setStatusContext(String statusContext) {
        this.statusContext = Util.fixEmptyAndTrim(statusContext);
    }

    public String getSourceRepository() {
        return sourceRepository;
    }

    /** The application's repository on the same provider, to mirror the status on its commit too. */
    @DataBoundSetter
    public void setSourceRepository(String sourceRepository) {
        this.sourceRepository = Util.fixEmptyAndTrim(sourceRepository);
    }

    public String getSourceCommit() {
        return sourceCommit;
    }

    @DataBoundSetter
    public void setSourceCommit(String sourceCommit) {
        this.sourceCommit = Util.fixEmptyAndTrim(sourceCommit);
    }

    public String getCommitStatusProvider() {
        return commitStatusProvider;
    }

    /**
     * Also polls the commit statuses a reconciler's notifications set on the revision (Flux's github,
     * gitlab, gitea, azuredevops, bitbucket and bitbucketserver Providers) on this provider: any of the
     * six core supports (github, gitlab, azure, bitbucket, bitbucket-cloud, gitea).
     */
    @DataBoundSetter
    public void setCommitStatusProvider(String commitStatusProvider) {
        this.commitStatusProvider = Util.fixEmptyAndTrim(commitStatusProvider);
    }

    public String getCommitStatusServerUrl() {
        return commitStatusServerUrl;
    }

    @DataBoundSetter
    public void setCommitStatusServerUrl(String commitStatusServerUrl) {
        this.commitStatusServerUrl = Util.fixEmptyAndTrim(commitStatusServerUrl);
    }

    public String getCommitStatusRepository() {
        return commitStatusRepository;
    }

    /** The GitOps repository on the provider whose commit statuses are read, e.g. {@code org/gitops}. */
    @DataBoundSetter
    public void setCommitStatusRepository(String commitStatusRepository) {
        this.commitStatusRepository = Util.fixEmptyAndTrim(commitStatusRepository);
    }

    public String getCommitStatusCredentialsId() {
        return commitStatusCredentialsId;
    }

    @DataBoundSetter
    public void setCommitStatusCredentialsId(String commitStatusCredentialsId) {
        this.commitStatusCredentialsId = Util.fixEmptyAndTrim(commitStatusCredentialsId);
    }

    public String getOnFailure() {
        return onFailure;
    }

    /**
     * What to do when the reconciler reports the revision failed: {@code fail} (the default) or
     * {@code rollback}, which undoes this build's promotion of the revision and then fails.
     */
    @DataBoundSetter
    public void setOnFailure(String onFailure) {
        this.onFailure = Util.fixEmptyAndTrim(onFailure);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new WaitForGitOpsSyncExecution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "waitForGitOpsSync";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Wait until Flux or Argo CD applied a GitOps revision";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FlowNode.class);
        }

        @POST
        public FormValidation doCheckTargets(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Steps.mayCheck(item)) {
                return FormValidation.ok();
            }
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error("Name at least one target, e.g. Kustomization/flux-system/apps");
            }
            for (String target : Steps.list(value)) {
                try {
                    Target.parse(target);
                } catch (InvalidInputException e) {
                    return FormValidation.error(e.getMessage());
                }
            }
            return FormValidation.ok();
        }

        public ListBoxModel doFillOnFailureItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(fail the build)", ""); // the default, so that the snippet leaves it out
            items.add("roll this build's promotion back, then fail", OnFailureRollback.ROLLBACK);
            return items;
        }

        @POST
        public FormValidation doCheckOnFailure(@AncestorInPath Item item, @QueryParameter String value) {
            if (!Steps.mayCheck(item)) {
                return FormValidation.ok();
            }
            try {
                OnFailureRollback.parse(value);
                return FormValidation.ok();
            } catch (hudson.AbortException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        public ListBoxModel doFillStatusProviderItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(no commit statuses)", "");
            for (String p : ScmServer.PROVIDERS) {
                items.add(p);
            }
            return items;
        }

        public ListBoxModel doFillCommitStatusProviderItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(do not read commit statuses)", "");
            for (ProviderType type : WaitForGitOpsSyncExecution.STATUS_READABLE) {
                items.add(type.cliName());
            }
            return items;
        }

        @POST
        public ListBoxModel doFillCommitStatusCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String commitStatusCredentialsId) {
            return GitOpsCredentials.fillItems(item, commitStatusCredentialsId);
        }

        @POST
        public ListBoxModel doFillKubeconfigCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String kubeconfigCredentialsId) {
            return GitOpsCredentials.fillItems(item, kubeconfigCredentialsId);
        }

        @POST
        public ListBoxModel doFillStatusCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String statusCredentialsId) {
            return GitOpsCredentials.fillItems(item, statusCredentialsId);
        }
    }
}
