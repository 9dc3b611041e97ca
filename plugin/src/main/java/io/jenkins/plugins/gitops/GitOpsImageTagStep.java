package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.image.BuildInfo;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.ImageTagger;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.image.TagPolicy;
import io.gitopspipeline.image.TagResult;
import io.jenkins.plugins.gitops.actions.GitOpsBuildAction;
import io.jenkins.plugins.gitops.actions.ImageRecord;
import io.jenkins.plugins.gitops.config.GitOpsCredentials;
import io.jenkins.plugins.gitops.config.MappedCredential;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.PrivateFiles;
import io.jenkins.plugins.gitops.util.Steps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * {@code gitopsImageTag}: computes the human-readable tags of a build (version, commit, branch,
 * build number, timestamp, templates) with core's tag policy and, with {@code retag}, adds them in
 * the registry to the image already pushed, without a Docker daemon and without changing its
 * digest. Talks only to the registry, so it needs no {@code node}.
 */
public class GitOpsImageTagStep extends Step {
    private final String image;
    private String source;
    private String version;
    private String commit;
    private String branch;
    private String buildNumber;
    private String templates;
    private int shortShaLength = TagPolicy.DEFAULT_SHORT_SHA_LENGTH;
    private boolean retag;
    private boolean allowMove;
    private String credentialsId;
    private String insecureRegistries;

    /** @param image the image repository, e.g. {@code registry.example.com/team/app} */
    @DataBoundConstructor
    public GitOpsImageTagStep(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public String getImage() {
        return image;
    }

    public String getSource() {
        return source;
    }

    /** The pushed image to tag (a tag or digest reference); default {@code image} itself. */
    @DataBoundSetter
    public void setSource(String source) {
        this.source = Util.fixEmptyAndTrim(source);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    public String getCommit() {
        return commit;
    }

    /** Default: {@code GIT_COMMIT}. */
    @DataBoundSetter
    public void setCommit(String commit) {
        this.commit = Util.fixEmptyAndTrim(commit);
    }

    public String getBranch() {
        return branch;
    }

    /** Default: {@code BRANCH_NAME}, else {@code GIT_BRANCH}. */
    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = Util.fixEmptyAndTrim(branch);
    }

    public String getBuildNumber() {
        return buildNumber;
    }

    /** Default: this build's number. */
    @DataBoundSetter
    public void setBuildNumber(String buildNumber) {
        this.buildNumber = Util.fixEmptyAndTrim(buildNumber);
    }

    public String getTemplates() {
        return templates;
    }

    /** Tag templates, comma or newline separated, e.g. {@code {version}-{shortSha}}. */
    @DataBoundSetter
    public void setTemplates(String templates) {
        this.templates = Util.fixEmptyAndTrim(templates);
    }

    public int getShortShaLength() {
        return shortShaLength;
    }

    @DataBoundSetter
    public void setShortShaLength(int shortShaLength) {
        this.shortShaLength = shortShaLength;
    }

    public boolean isRetag() {
        return retag;
    }

    /** Add the tags in the registry (same manifest bytes, same digest). */
    @DataBoundSetter
    public void setRetag(boolean retag) {
        this.retag = retag;
    }

    public boolean isAllowMove() {
        return allowMove;
    }

    /** Allow moving a tag that points to another digest (refused by default). */
    @DataBoundSetter
    public void setAllowMove(boolean allowMove) {
        this.allowMove = allowMove;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Registry credentials: username with password, or a secret file holding a Docker config.json. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    public String getInsecureRegistries() {
        return insecureRegistries;
    }

    /** Registries ({@code host:port}) reached over plain HTTP, comma separated. */
    @DataBoundSetter
    public void setInsecureRegistries(String insecureRegistries) {
        this.insecureRegistries = Util.fixEmptyAndTrim(insecureRegistries);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient GitOpsImageTagStep step;

        Execution(GitOpsImageTagStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            EnvVars env = getContext().get(EnvVars.class);
            if (step.image == null) {
                throw new hudson.AbortException("gitopsImageTag needs image");
            }
            MappedCredential credential = step.credentialsId == null
                    ? null
                    : GitOpsCredentials.forBuild(step.credentialsId, run, "registry credentials");
            BuildLog log = new BuildLog(listener, credential == null ? List.of() : credential.maskedValues());
            BuildInfo build = BuildInfo.empty()
                    .withVersion(step.version)
                    .withCommit(step.commit != null ? step.commit : env.get("GIT_COMMIT"))
                    .withBranch(step.branch != null ? step.branch : defaultBranch(env))
                    .withBuildNumber(step.buildNumber != null ? step.buildNumber : String.valueOf(run.getNumber()))
                    .withTimestamp(Instant.ofEpochMilli(run.getStartTimeInMillis()));
            if (step.shortShaLength < 4 || step.shortShaLength > 64) {
                throw new hudson.AbortException(
                        "invalid input: shortShaLength must be 4 to 64, not " + step.shortShaLength);
            }
            List<String> templateList = Steps.list(step.templates);
            TagPolicy policy = new TagPolicy(templateList, step.shortShaLength, TagPolicy.DEFAULT_MAX_BRANCH_LENGTH);
            Map<String, Object> out = new LinkedHashMap<>();
            Path dockerConfigDirectory = null;
            try {
                ImageReference reference = ImageReference.parse(step.image);
                ImageReference repository = ImageReference.parse(reference.name());
                List<String> tags = policy.tags(build);
                List<String> references = new ArrayList<>();
                for (ImageReference r : policy.references(repository, build)) {
                    references.add(r.toString());
                }
                log.println("[gitops] Tags for " + repository.name() + ": " + String.join(", ", tags));
                out.put("image", repository.name());
                out.put("tags", new ArrayList<>(tags));
                out.put("references", references);
                String digest = null;
                if (step.retag) {
                    ImageReference sourceRef = ImageReference.parse(step.source != null ? step.source : step.image);
                    RegistryCredentialMapping mapped = RegistryCredentialMapping.of(credential);
                    dockerConfigDirectory = mapped.configDirectory();
                    CredentialSource credentials = mapped.credentials();
                    Set<String> insecure = new HashSet<>(Steps.list(step.insecureRegistries));
                    RegistryClientOptions options = RegistryClientOptions.defaults()
                            .withCredentials(credentials)
                            .withInsecureRegistries(insecure);
                    TagResult result = new ImageTagger(new HttpRegistryClient(options, log))
                            .tag(sourceRef, tags, step.allowMove, log);
                    digest = result.digest();
                    List<String> tagged = new ArrayList<>();
                    result.tagged().forEach(r -> tagged.add(r.toString()));
                    out.put("digest", digest);
                    out.put("tagged", tagged);
                    log.println("[gitops] Tagged " + sourceRef + " (" + digest + ") as " + String.join(", ", tags));
                }
                GitOpsBuildAction action = GitOpsBuildAction.of(run);
                action.addImage(new ImageRecord(repository.name(), digest, tags, references));
                action.save();
                return out;
            } catch (GitOpsException e) {
                throw Steps.abort(e);
            } finally {
                PrivateFiles.delete(dockerConfigDirectory);
            }
        }

        private static String defaultBranch(EnvVars env) {
            String branch = env.get("BRANCH_NAME");
            if (branch == null) {
                branch = env.get("GIT_BRANCH");
                if (branch != null && branch.startsWith("origin/")) {
                    branch = branch.substring("origin/".length());
                }
            }
            return branch;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsImageTag";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Compute an image's GitOps tags and add them in the registry";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return GitOpsCredentials.fillItems(item, credentialsId);
        }
    }
}
