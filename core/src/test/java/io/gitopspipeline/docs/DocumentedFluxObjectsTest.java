package io.gitopspipeline.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every YAML snippet in docs/ parses, and every documented Flux notification object is valid for
 * notification-controller's CRD schemas (read from ../shared/fixtures/flux-crds, never copied into
 * the project), with unknown fields refused as {@code kubectl apply --validate=strict} does.
 */
class DocumentedFluxObjectsTest {
  private static final String GROUP = "notification.toolkit.fluxcd.io";

  /** apiVersion/kind → the served version's openAPIV3Schema. */
  private static final Map<String, Map<String, Object>> SCHEMAS = new HashMap<>();

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void loadCrds() throws IOException {
    Path crds = DocSnippets.sharedDir().resolve("fixtures/flux-crds");
    if (!Files.isDirectory(crds)) {
      String problem =
          crds
              + " is missing: the documented Flux objects are checked against the CRD schemas there"
              + " (set GITOPS_SHARED_DIR to the shared folder)";
      if ("true".equals(System.getenv("CI"))) {
        fail(problem);
      }
      Assumptions.abort(problem);
    }
    try (Stream<Path> files = Files.list(crds)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Map<String, Object> crd =
            (Map<String, Object>)
                new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        String kind = (String) ((Map<String, Object>) spec.get("names")).get("kind");
        for (Object item : (List<Object>) spec.get("versions")) {
          Map<String, Object> version = (Map<String, Object>) item;
          if (Boolean.TRUE.equals(version.get("served"))) {
            Map<String, Object> schema = (Map<String, Object>) version.get("schema");
            SCHEMAS.put(
                spec.get("group") + "/" + version.get("name") + "/" + kind,
                (Map<String, Object>) schema.get("openAPIV3Schema"));
          }
        }
      }
    }
    assertThat(SCHEMAS).containsKeys(GROUP + "/v1beta3/Alert", GROUP + "/v1beta3/Provider");
  }

  /** Every documented object of the notification API group, with where it is written. */
  @SuppressWarnings("unchecked")
  private static List<Map.Entry<String, Map<String, Object>>> fluxObjects() {
    List<Map.Entry<String, Map<String, Object>>> objects = new ArrayList<>();
    for (DocSnippets.Snippet snippet : DocSnippets.yamlBlocks()) {
      for (Object document : snippet.documents()) {
        if (document instanceof Map<?, ?> map
            && map.get("apiVersion") instanceof String apiVersion
            && apiVersion.startsWith(GROUP + "/")) {
          objects.add(Map.entry(snippet.where(), (Map<String, Object>) map));
        }
      }
    }
    return objects;
  }

  @Test
  void everyYamlSnippetInTheDocsParses() {
    List<String> problems = new ArrayList<>();
    List<DocSnippets.Snippet> snippets = DocSnippets.yamlBlocks();
    for (DocSnippets.Snippet snippet : snippets) {
      try {
        snippet.documents();
      } catch (RuntimeException e) {
        problems.add(snippet.where() + ": " + e.getMessage());
      }
    }
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(8);
    assertThat(problems).isEmpty();
  }

  @Test
  void documentedFluxObjectsAreValidForTheNotificationControllerCrds() {
    List<String> problems = new ArrayList<>();
    List<Map.Entry<String, Map<String, Object>>> objects = fluxObjects();
    for (Map.Entry<String, Map<String, Object>> object : objects) {
      String key = object.getValue().get("apiVersion") + "/" + object.getValue().get("kind");
      Map<String, Object> schema = SCHEMAS.get(key);
      if (schema == null) {
        problems.add(object.getKey() + ": " + key + " is not served by notification-controller");
        continue;
      }
      for (String problem : StructuralSchema.validate(object.getValue(), schema)) {
        problems.add(object.getKey() + ": " + key + problem);
      }
    }
    assertThat(objects).extracting(o -> o.getValue().get("kind")).contains("Alert", "Provider");
    assertThat(objects).hasSizeGreaterThanOrEqualTo(6);
    assertThat(problems).isEmpty();
  }

  @Test
  void theValidatorRefusesUnknownFieldsWrongValuesAndMissingRequiredFields() {
    Map<String, Object> schema = SCHEMAS.get(GROUP + "/v1beta3/Alert");
    Map<String, Object> alert =
        new Load(LoadSettings.builder().build())
                    .loadFromString(
                        """
                    apiVersion: notification.toolkit.fluxcd.io/v1beta3
                    kind: Alert
                    metadata: {name: jenkins, namespace: flux-system, uid: x}
                    spec:
                      eventSeverity: warning
                      eventSources:
                        - kind: Kustomization
                          name: '*'
                          namespaces: [apps]
                    """)
                instanceof Map<?, ?> m
            ? castMap(m)
            : Map.of();

    assertThat(StructuralSchema.validate(alert, schema))
        .containsExactlyInAnyOrder(
            ".metadata.uid: not something a manifest sets",
            ".spec.providerRef: required",
            ".spec.eventSeverity: 'warning' is not one of [info, error]",
            ".spec.eventSources[0].namespaces: unknown field");
  }

  /**
   * notification-controller matches an event source's namespace exactly, defaulting to the Alert's
   * own namespace; there is no wildcard namespace. The documented cluster-wide Alerts must reach
   * the {@code apps} namespace their examples wait on.
   */
  @Test
  @SuppressWarnings("unchecked")
  void documentedFluxSystemAlertsForwardEventsFromOtherNamespaces() {
    int checked = 0;
    for (Map.Entry<String, Map<String, Object>> object : fluxObjects()) {
      Map<String, Object> alert = object.getValue();
      Map<String, Object> metadata = (Map<String, Object>) alert.get("metadata");
      if (!"Alert".equals(alert.get("kind")) || !"flux-system".equals(metadata.get("namespace"))) {
        continue;
      }
      checked++;
      List<Map<String, Object>> sources =
          (List<Map<String, Object>>) ((Map<String, Object>) alert.get("spec")).get("eventSources");
      for (String kind : List.of("Kustomization", "HelmRelease")) {
        boolean forwarded =
            sources.stream()
                .anyMatch(
                    s ->
                        kind.equals(s.get("kind"))
                            && "apps".equals(s.getOrDefault("namespace", "flux-system"))
                            && ("*".equals(s.get("name")) || "podinfo".equals(s.get("name"))));
        assertThat(forwarded)
            .as("%s: %s events from namespace apps reach the Alert", object.getKey(), kind)
            .isTrue();
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
