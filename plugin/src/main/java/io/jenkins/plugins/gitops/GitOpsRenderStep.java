package io.jenkins.plugins.gitops;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsRender}: renders an app's Helm chart, Kustomize overlay or plain YAML for one
 * environment into normalised manifests in the workspace, on the agent (Helm and kustomize are the
 * agent's). One call to core's {@code Renderer}.
 */
public class GitOpsRenderStep extends Step {
    private final String source;
    private final String environment;
    private String engine;
    private String out;
    private String environmentsDir;
    private String values;
    private String set;
    private String vars;
    private String image;
    private String release;
    private String namespace;
    private String compareTo;
    private boolean validate = true;
    private boolean strict;
    private String helm;
    private String kustomize;
    private String allowSecrets;
    private boolean allowPlainSecrets;

    /**
     * @param source the chart, overlay or YAML directory, relative to the workspace
     * @param environment the environment's name (also the name of its values file)
     */
    @DataBoundConstructor
    public GitOpsRenderStep(String source, String environment) {
        this.source = Util.fixEmptyAndTrim(source);
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getSource() {
        return source;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getEngine() {
        return engine;
    }

    /** {@code plain}, {@code kustomize} or {@code helm}; default: detected from the source. */
    @DataBoundSetter
    public void setEngine(String engine) {
        this.engine = Util.fixEmptyAndTrim(engine);
    }

    public String getOut() {
        return out;
    }

    /** The output directory in the workspace; default {@code gitops/rendered/<environment>}. */
    @DataBoundSetter
    public void setOut(String out) {
        this.out = Util.fixEmptyAndTrim(out);
    }

    public String getEnvironmentsDir() {
        return environmentsDir;
    }

    @DataBoundSetter
    public void setEnvironmentsDir(String environmentsDir) {
        this.environmentsDir = Util.fixEmptyAndTrim(environmentsDir);
    }

    public String getValues() {
        return values;
    }

    /** Further values files, comma or newline separated, after the conventional ones. */
    @DataBoundSetter
    public void setValues(String values) {
        this.values = Util.fixEmptyAndTrim(values);
    }

    public String getSet() {
        return set;
    }

    /** Helm {@code --set} values, one {@code key=value} per line. */
    @DataBoundSetter
    public void setSet(String set) {
        this.set = Util.fixEmptyAndTrim(set);
    }

    public String getVars() {
        return vars;
    }

    /** Flux substitution variables, one {@code NAME=value} per line. */
    @DataBoundSetter
    public void setVars(String vars) {
        this.vars = Util.fixEmptyAndTrim(vars);
    }

    public String getImage() {
        return image;
    }

    /** The promoted image ({@code REF}, or {@code NAME=REF} to replace image NAME). */
    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public String getRelease() {
        return release;
    }

    @DataBoundSetter
    public void setRelease(String release) {
        this.release = Util.fixEmptyAndTrim(release);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = Util.fixEmptyAndTrim(namespace);
    }

    public String getCompareTo() {
        return compareTo;
    }

    /** A previous output to compare with; default the output directory's current content. */
    @DataBoundSetter
    public void setCompareTo(String compareTo) {
        this.compareTo = Util.fixEmptyAndTrim(compareTo);
    }

    public boolean isValidate() {
        return validate;
    }

    @DataBoundSetter
    public void setValidate(boolean validate) {
        this.validate = validate;
    }

    public boolean isStrict() {
        return strict;
    }

    /** Flux strict substitution: an unset variable without a default is an error. */
    @DataBoundSetter
    public void setStrict(boolean strict) {
        this.strict = strict;
    }

    public String getHelm() {
        return helm;
    }

    /** The {@code helm} executable on the agent; default: found on the PATH. */
    @DataBoundSetter
    public void setHelm(String helm) {
        this.helm = Util.fixEmptyAndTrim(helm);
    }

    public String getKustomize() {
        return kustomize;
    }

    /** The {@code kustomize} (or {@code kubectl}) executable on the agent; default: the PATH. */
    @DataBoundSetter
    public void setKustomize(String kustomize) {
        this.kustomize = Util.fixEmptyAndTrim(kustomize);
    }

    public String getAllowSecrets() {
        return allowSecrets;
    }

    /** Plaintext Secrets written anyway, {@code NAMESPACE/NAME}, comma or newline separated. */
    @DataBoundSetter
    public void setAllowSecrets(String allowSecrets) {
        this.allowSecrets = Util.fixEmptyAndTrim(allowSecrets);
    }

    public boolean isAllowPlainSecrets() {
        return allowPlainSecrets;
    }

    /** Write every plaintext Secret anyway (refused by default). */
    @DataBoundSetter
    public void setAllowPlainSecrets(boolean allowPlainSecrets) {
        this.allowPlainSecrets = allowPlainSecrets;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    /** One {@code key=value} per line; values may hold commas and further '=' signs. */
    static List<String[]> pairs(String what, String text) throws AbortException {
        List<String[]> pairs = new ArrayList<>();
        if (text == null) {
            return pairs;
        }
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            if (eq <= 0) {
                throw new AbortException(what + ": '" + trimmed + "' is not key=value");
            }
            pairs.add(new String[] {trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1)});
        }
        return pairs;
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient GitOpsRenderStep step;

        Execution(GitOpsRenderStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            FilePath workspace = getContext().get(FilePath.class);
            if (step.source == null || step.environment == null) {
                throw new AbortException("gitopsRender needs source and environment");
            }
            String out = step.out != null ? step.out : "gitops/rendered/" + step.environment;
            Map<String, String> setValues = new LinkedHashMap<>();
            for (String[] pair : pairs("set", step.set)) {
                setValues.put(pair[0], pair[1]);
            }
            Map<String, String> variables = new LinkedHashMap<>();
            for (String[] pair : pairs("vars", step.vars)) {
                variables.put(pair[0], pair[1]);
            }
            BuildLog log = new BuildLog(listener);
            log.println("[gitops] Rendering "
                    + step.source
                    + " for "
                    + step.environment
                    + (step.engine == null ? "" : " with " + step.engine)
                    + " into "
                    + out);
            RenderCallable.Request request = new RenderCallable.Request(
                    step.source,
                    step.environment,
                    step.engine,
                    out,
                    step.environmentsDir,
                    new ArrayList<>(Steps.list(step.values)),
                    new LinkedHashMap<>(setValues),
                    new LinkedHashMap<>(variables),
                    step.image,
                    step.release,
                    step.namespace,
                    step.compareTo,
                    step.validate,
                    step.strict,
                    step.helm,
                    step.kustomize,
                    new ArrayList<>(Steps.list(step.allowSecrets)),
                    step.allowPlainSecrets);
            return workspace.act(new RenderCallable(request, log));
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsRender";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Render an app's manifests for a GitOps environment";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }

        public ListBoxModel doFillEngineItems() {
            ListBoxModel items = new ListBoxModel();
            items.add("(detect from the source)", "");
            items.add("plain");
            items.add("kustomize");
            items.add("helm");
            return items;
        }
    }
}
