package io.gitopspipeline.cli.render;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.render.RenderEngine;
import io.gitopspipeline.render.RenderRequest;
import io.gitopspipeline.render.RenderResult;
import io.gitopspipeline.render.RenderSummary;
import io.gitopspipeline.render.Renderer;
import io.gitopspipeline.render.SecretPolicy;
import io.gitopspipeline.render.Validation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitops render}: an environment's manifests from a chart, an overlay or plain YAML. */
@Command(
    name = "render",
    description = {
      "Render an environment's raw Kubernetes manifests from a Helm chart, a Kustomize overlay or"
          + " a directory of YAML (Flux post-build substitution), validate them, and write one"
          + " file per resource (<namespace>/<kind>-<name>.yaml) or a multi-document stream.",
      "Values are layered: template defaults < <source>/environments/common.yaml <"
          + " <source>/environments/<env>.yaml < --values < --set/--var/--image."
    },
    sortOptions = false)
public final class RenderCommand extends GitopsSubcommand {

  @Option(
      names = "--engine",
      paramLabel = "plain|kustomize|helm",
      description =
          "How to render (default: helm with a Chart.yaml, kustomize with a"
              + " kustomization.yaml or overlays/, else plain).")
  RenderEngine engine;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "DIR",
      description = "The chart, Kustomize base/overlay, or directory of YAML.")
  Path source;

  @Option(
      names = "--env",
      required = true,
      paramLabel = "ENV",
      description =
          "The environment, e.g. dev or prod; its values come from"
              + " <source>/environments/<ENV>.yaml.")
  String environment;

  @Option(
      names = "--values",
      paramLabel = "FILE",
      description = "A values file after the environment's (repeatable; later files win).")
  List<Path> values = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "K=V",
      mapFallbackValue = "",
      description = "A Helm value (repeatable), as helm template --set.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(
      names = "--var",
      paramLabel = "K=V",
      mapFallbackValue = "",
      description = "A Flux substitution variable (repeatable); wins over values files.")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(
      names = "--image",
      paramLabel = "REF",
      description =
          // $${...}: picocli would otherwise interpolate the names (as null).
          "The promoted image (REF, or NAME=REF to replace image NAME). Plain YAML gets"
              + " it as $${IMAGE}, $${IMAGE_REPOSITORY}, $${IMAGE_TAG}, $${IMAGE_DIGEST}; Kustomize"
              + " as an"
              + " images entry; Helm as image.repository/tag/digest.")
  String image;

  @Option(
      names = "--release",
      paramLabel = "NAME",
      description =
          "Helm release name (default: the chart's name): at most 53 lowercase letters, digits,"
              + " '-' and '.', starting and ending with a letter or digit.")
  String release;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Target namespace, written into namespaced resources that have none.")
  String namespace;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Destination destination;

  static final class Destination {
    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Write one file per resource here, replacing the previous render.")
    Path out;

    @Option(names = "--stdout", description = "Print one multi-document YAML stream instead.")
    boolean stdout;
  }

  @Option(
      names = "--compare-to",
      paramLabel = "DIR",
      description =
          "A previous output directory to report added/changed/removed files against"
              + " (default with --out: what the directory held before).")
  Path compareTo;

  @Option(
      names = "--no-validate",
      description =
          "Skip every check on the rendered manifests (the plaintext Secret check stays on).")
  boolean noValidate;

  @Option(
      names = "--allow-secret",
      paramLabel = "NS/NAME",
      description =
          "Write this plaintext Secret anyway (repeatable; NAME alone for one without a"
              + " namespace). By default a Secret with data or stringData is refused unless SOPS"
              + " encrypted it.")
  List<String> allowSecrets = new ArrayList<>();

  @Option(
      names = "--allow-plain-secrets",
      description = "Write every plaintext Secret anyway (they end up in Git: know why).")
  boolean allowPlainSecrets;

  @Option(
      names = "--environments",
      paramLabel = "DIR",
      description = "Where the environment values files are (default: <source>/environments).")
  Path environments;

  @Option(
      names = "--kube-version",
      paramLabel = "VERSION",
      description = "Helm: the Kubernetes version templates see.")
  String kubeVersion;

  @Option(
      names = "--api-versions",
      paramLabel = "GROUP/VERSION",
      description = "Helm: API versions templates see as available (repeatable).")
  List<String> apiVersions = new ArrayList<>();

  @Option(names = "--skip-crds", description = "Helm: leave out the chart's crds/.")
  boolean skipCrds;

  @Option(
      names = "--no-strict",
      description = "Read unset substitution variables as empty instead of failing.")
  boolean noStrict;

  @Option(names = "--helm", paramLabel = "PATH", description = "The helm executable.")
  Path helm;

  @Option(
      names = "--kustomize",
      paramLabel = "PATH",
      description = "The kustomize (or kubectl) executable.")
  Path kustomize;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description = "How long helm or kustomize may run (default: 2m).")
  String timeout;

  @Override
  protected int execute() throws GitOpsException {
    RenderRequest.Builder request =
        RenderRequest.builder(source, environment)
            .engine(engine)
            .environmentsDir(environments)
            .image(image)
            .releaseName(release)
            .namespace(namespace)
            .strictSubstitution(!noStrict)
            .validation(noValidate ? Validation.NONE : Validation.DEFAULT)
            .helm(
                new RenderRequest.HelmSettings(
                    kubeVersion,
                    apiVersions,
                    !skipCrds,
                    RenderRequest.HelmSettings.DEFAULT.imageRepositoryKey(),
                    RenderRequest.HelmSettings.DEFAULT.imageTagKey(),
                    RenderRequest.HelmSettings.DEFAULT.imageDigestKey()))
            .tools(new RenderRequest.ToolSettings(helm, kustomize, Durations.parse(timeout)))
            .secrets(SecretPolicy.of(allowPlainSecrets, allowSecrets));
    values.forEach(request::valuesFile);
    set.forEach(request::set);
    vars.forEach(request::var);

    Renderer renderer = new Renderer();
    RenderResult result = renderer.render(request.build(), console().progress());
    if (destination.stdout) {
      RenderSummary summary = renderer.summarize(result, compareTo);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("summary", summary);
      json.put("manifests", result.stream());
      if (console().format() == io.gitopspipeline.cli.OutputFormat.TEXT) {
        console().diagnostic(text(summary).strip());
      }
      console().result(json, result.stream());
      return 0;
    }
    RenderSummary summary = renderer.write(result, destination.out, compareTo);
    console().result(summary, text(summary));
    return 0;
  }

  static String text(RenderSummary summary) {
    StringBuilder b = new StringBuilder();
    b.append("rendered ")
        .append(summary.resources())
        .append(" resources for ")
        .append(summary.environment())
        .append(" (")
        .append(summary.engine())
        .append(")");
    if (summary.out() != null) {
      b.append(" into ").append(summary.out());
    }
    b.append('\n');
    summary
        .byKind()
        .forEach((kind, n) -> b.append("  ").append(kind).append(": ").append(n).append('\n'));
    for (String image : summary.images()) {
      b.append("  image ").append(image).append('\n');
    }
    for (RenderSummary.Tool tool : summary.tools()) {
      b.append("  ")
          .append(tool.name())
          .append(' ')
          .append(tool.version())
          .append(" (")
          .append(tool.path())
          .append(")\n");
    }
    RenderSummary.Changes changes = summary.changes();
    if (summary.out() != null || changes.compared() != null) { // nothing to compare a stream with
      changes.added().forEach(p -> b.append("  + ").append(p).append('\n'));
      changes.changed().forEach(p -> b.append("  ~ ").append(p).append('\n'));
      changes.removed().forEach(p -> b.append("  - ").append(p).append('\n'));
      changes
          .secretDataOnly()
          .forEach(
              p ->
                  b.append("  = ")
                      .append(p)
                      .append(" (only Secret values changed: generated on each render?)\n"));
      b.append("  ")
          .append(changes.added().size())
          .append(" added, ")
          .append(changes.changed().size())
          .append(" changed, ")
          .append(changes.removed().size())
          .append(" removed, ")
          .append(changes.unchanged())
          .append(" unchanged")
          .append(
              changes.secretDataOnly().isEmpty()
                  ? ""
                  : ", " + changes.secretDataOnly().size() + " with only Secret values changed")
          .append('\n');
    }
    summary.warnings().forEach(w -> b.append("  warning: ").append(w).append('\n'));
    return b.toString();
  }
}
