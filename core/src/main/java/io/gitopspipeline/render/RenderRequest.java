package io.gitopspipeline.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to render for one environment. Values are layered, later layers winning: the template's
 * defaults, then {@code environments/common.yaml}, then {@code environments/<env>.yaml}, then
 * {@link #valuesFiles()}, then the pipeline's values ({@link #setValues()}, {@link #vars()} and the
 * promoted {@link #image()}). See docs/rendering.md for the layout.
 *
 * @param engine the engine, or null to pick it from the source (Chart.yaml, kustomization.yaml)
 * @param source the chart, overlay or directory of YAML
 * @param environment the environment's name (also the name of its values file)
 * @param environmentsDir where the environment values files live; null means {@code
 *     <source>/environments}
 * @param valuesFiles explicit values files, after the conventional ones
 * @param setValues Helm {@code --set} values, in order
 * @param vars Flux substitution variables, winning over those from values files
 * @param image the promoted image ({@code REF} or {@code NAME=REF} to replace image NAME), or null
 * @param releaseName the Helm release name; null means the chart's name
 * @param namespace the target namespace, written into namespaced resources that have none
 * @param helm Helm-only settings
 * @param strictSubstitution Flux's strict mode: an unset variable without a default is an error
 * @param substituteAlways Flux's {@code substituteStrategy: Always}
 * @param validation the checks to run on the result
 * @param tools where the external programs are and how long they may run
 * @param secrets which plaintext Secrets may be written (default: none)
 */
public record RenderRequest(
    RenderEngine engine,
    Path source,
    String environment,
    Path environmentsDir,
    List<Path> valuesFiles,
    Map<String, String> setValues,
    Map<String, String> vars,
    String image,
    String releaseName,
    String namespace,
    HelmSettings helm,
    boolean strictSubstitution,
    boolean substituteAlways,
    Validation validation,
    ToolSettings tools,
    SecretPolicy secrets) {

  public RenderRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(environment, "environment");
    valuesFiles = List.copyOf(valuesFiles);
    setValues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(setValues));
    vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    helm = helm == null ? HelmSettings.DEFAULT : helm;
    validation = validation == null ? Validation.DEFAULT : validation;
    tools = tools == null ? ToolSettings.DEFAULT : tools;
    secrets = secrets == null ? SecretPolicy.REFUSE_PLAIN : secrets;
  }

  /**
   * Helm settings.
   *
   * @param kubeVersion {@code --kube-version}, or null
   * @param apiVersions {@code --api-versions}, each
   * @param includeCrds whether the chart's {@code crds/} are rendered
   * @param imageRepositoryKey values key that receives the promoted image's repository
   * @param imageTagKey values key that receives the tag
   * @param imageDigestKey values key that receives the digest
   */
  public record HelmSettings(
      String kubeVersion,
      List<String> apiVersions,
      boolean includeCrds,
      String imageRepositoryKey,
      String imageTagKey,
      String imageDigestKey) {
    public static final HelmSettings DEFAULT =
        new HelmSettings(null, List.of(), true, "image.repository", "image.tag", "image.digest");

    public HelmSettings {
      apiVersions = List.copyOf(apiVersions);
    }
  }

  /**
   * External programs.
   *
   * @param helm explicit path of {@code helm}, or null to search the PATH
   * @param kustomize explicit path of {@code kustomize} or {@code kubectl}, or null to search the
   *     PATH for {@code kustomize}, then {@code kubectl}
   * @param timeout how long one run may take
   */
  public record ToolSettings(Path helm, Path kustomize, Duration timeout) {
    public static final ToolSettings DEFAULT = new ToolSettings(null, null, Duration.ofMinutes(2));
  }

  public static Builder builder(Path source, String environment) {
    return new Builder(source, environment);
  }

  /** Builds a request; everything but the source and environment is optional. */
  public static final class Builder {
    private RenderEngine engine;
    private final Path source;
    private final String environment;
    private Path environmentsDir;
    private final List<Path> valuesFiles = new ArrayList<>();
    private final Map<String, String> setValues = new LinkedHashMap<>();
    private final Map<String, String> vars = new LinkedHashMap<>();
    private String image;
    private String releaseName;
    private String namespace;
    private HelmSettings helm = HelmSettings.DEFAULT;
    private boolean strict = true;
    private boolean always;
    private Validation validation = Validation.DEFAULT;
    private ToolSettings tools = ToolSettings.DEFAULT;
    private SecretPolicy secrets = SecretPolicy.REFUSE_PLAIN;

    private Builder(Path source, String environment) {
      this.source = source;
      this.environment = environment;
    }

    public Builder engine(RenderEngine value) {
      engine = value;
      return this;
    }

    public Builder environmentsDir(Path value) {
      environmentsDir = value;
      return this;
    }

    public Builder valuesFile(Path value) {
      valuesFiles.add(value);
      return this;
    }

    public Builder set(String key, String value) {
      setValues.put(key, value);
      return this;
    }

    public Builder var(String name, String value) {
      vars.put(name, value);
      return this;
    }

    public Builder image(String value) {
      image = value;
      return this;
    }

    public Builder releaseName(String value) {
      releaseName = value;
      return this;
    }

    public Builder namespace(String value) {
      namespace = value;
      return this;
    }

    public Builder helm(HelmSettings value) {
      helm = value;
      return this;
    }

    public Builder strictSubstitution(boolean value) {
      strict = value;
      return this;
    }

    public Builder substituteAlways(boolean value) {
      always = value;
      return this;
    }

    public Builder validation(Validation value) {
      validation = value;
      return this;
    }

    public Builder tools(ToolSettings value) {
      tools = value;
      return this;
    }

    public Builder secrets(SecretPolicy value) {
      secrets = value;
      return this;
    }

    public RenderRequest build() {
      return new RenderRequest(
          engine,
          source,
          environment,
          environmentsDir,
          valuesFiles,
          setValues,
          vars,
          image,
          releaseName,
          namespace,
          helm,
          strict,
          always,
          validation,
          tools,
          secrets);
    }
  }
}
