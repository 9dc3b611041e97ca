package io.jenkins.plugins.gitops;

import hudson.remoting.VirtualChannel;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.WorkspacePaths;
import io.gitopspipeline.render.RenderEngine;
import io.gitopspipeline.render.RenderRequest;
import io.gitopspipeline.render.RenderResult;
import io.gitopspipeline.render.RenderSummary;
import io.gitopspipeline.render.Renderer;
import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.render.Validation;
import io.jenkins.plugins.gitops.util.BuildLog;
import io.jenkins.plugins.gitops.util.Steps;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * The agent side of {@code gitopsRender}: core's {@link Renderer} renders and writes the output
 * directory; the summary comes back as plain values, the shape of {@code gitops render --output
 * json}.
 */
final class RenderCallable extends MasterToSlaveFileCallable<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    record Request(
            String source,
            String environment,
            String engine,
            String out,
            String environmentsDir,
            ArrayList<String> values,
            LinkedHashMap<String, String> set,
            LinkedHashMap<String, String> vars,
            String image,
            String release,
            String namespace,
            String compareTo,
            boolean validate,
            boolean strict,
            String helm,
            String kustomize,
            ArrayList<String> allowSecrets,
            boolean allowPlainSecrets)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final Request request;
    private final BuildLog log;

    RenderCallable(Request request, BuildLog log) {
        this.request = request;
        this.log = log;
    }

    @Override
    public Map<String, Object> invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        Path root = workspace.toPath();
        try {
            RenderRequest.Builder builder = RenderRequest.builder(
                    WorkspacePaths.inside(root, request.source(), "source"), request.environment());
            if (request.engine() != null) {
                builder.engine(engine(request.engine()));
            }
            if (request.environmentsDir() != null) {
                builder.environmentsDir(WorkspacePaths.inside(root, request.environmentsDir(), "environmentsDir"));
            }
            for (String file : request.values()) {
                builder.valuesFile(WorkspacePaths.inside(root, file, "values"));
            }
            request.set().forEach(builder::set);
            request.vars().forEach(builder::var);
            builder.image(request.image())
                    .releaseName(request.release())
                    .namespace(request.namespace())
                    .strictSubstitution(request.strict())
                    .validation(request.validate() ? Validation.DEFAULT : Validation.NONE)
                    .secrets(SecretPolicy.of(request.allowPlainSecrets(), request.allowSecrets()));
            if (request.helm() != null || request.kustomize() != null) {
                builder.tools(new RenderRequest.ToolSettings(
                        request.helm() == null ? null : Path.of(request.helm()),
                        request.kustomize() == null ? null : Path.of(request.kustomize()),
                        RenderRequest.ToolSettings.DEFAULT.timeout()));
            }
            Renderer renderer = new Renderer();
            RenderResult result = renderer.render(builder.build(), log);
            RenderSummary summary = renderer.write(
                    result,
                    WorkspacePaths.inside(root, request.out(), "out"),
                    request.compareTo() == null ? null : WorkspacePaths.inside(root, request.compareTo(), "compareTo"));
            return toMap(summary, request.out());
        } catch (GitOpsException e) {
            throw Steps.abort(e);
        }
    }

    private static RenderEngine engine(String name) throws InvalidInputException {
        try {
            return RenderEngine.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("engine '" + name + "' is not known; use plain, kustomize or helm");
        }
    }

    static Map<String, Object> toMap(RenderSummary summary, String out) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("engine", summary.engine());
        map.put("environment", summary.environment());
        map.put("resources", summary.resources());
        map.put("byKind", new LinkedHashMap<>(summary.byKind()));
        map.put("images", new ArrayList<>(summary.images()));
        map.put("out", out);
        if (summary.changes() != null) {
            Map<String, Object> changes = new LinkedHashMap<>();
            changes.put("added", new ArrayList<>(summary.changes().added()));
            changes.put("changed", new ArrayList<>(summary.changes().changed()));
            changes.put("removed", new ArrayList<>(summary.changes().removed()));
            changes.put("unchanged", summary.changes().unchanged());
            changes.put("secretDataOnly", new ArrayList<>(summary.changes().secretDataOnly()));
            map.put("changes", changes);
        }
        map.put("warnings", new ArrayList<>(summary.warnings()));
        return map;
    }
}
