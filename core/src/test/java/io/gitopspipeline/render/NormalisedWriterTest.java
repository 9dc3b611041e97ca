package io.gitopspipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The direct writer of normalised manifests is an optimisation only: whatever it writes is byte for
 * byte what snakeyaml-engine's emitter writes, and it declines what it does not know.
 */
class NormalisedWriterTest {
  @Provide
  Arbitrary<Map<String, Object>> manifest() {
    Arbitrary<Object> leaf =
        Arbitraries.oneOf(
            Arbitraries.of(
                "plain",
                "nginx:1.25",
                "a b",
                "3",
                "0644",
                "true",
                "on",
                "null",
                "~",
                "",
                "-x",
                "- x",
                "a: b",
                "a #b",
                "x#y",
                "'q'",
                "\"q\"",
                "back\\slash",
                "trail ",
                " lead",
                "k:",
                "...",
                "---",
                "=",
                "2024-01-01",
                "é",
                "tab\tx",
                "line\nbreak",
                "%x",
                "{a}",
                "${VAR}",
                "a,b",
                "[x]",
                "@x",
                "x:y",
                "1.5",
                ".inf",
                "0x1F",
                "y"),
            Arbitraries.of(0L, 3L, -7L, Long.MAX_VALUE).map(l -> (Object) l),
            Arbitraries.of(true, false).map(b -> (Object) b),
            Arbitraries.just((Object) new BigDecimal("1.5")),
            Arbitraries.just(null));
    Arbitrary<String> key =
        Arbitraries.of(
            "apiVersion",
            "kind",
            "metadata",
            "spec",
            "name",
            "b",
            "a",
            "on",
            "3",
            "x y",
            "app.kubernetes.io/name",
            "k:",
            "-k",
            "\"q\"",
            "",
            "k".repeat(130));
    Arbitrary<Object> value =
        Arbitraries.recursive(
            () -> leaf,
            inner ->
                Arbitraries.oneOf(
                    inner.list().ofMaxSize(3).map(l -> (Object) l),
                    Arbitraries.maps(key, inner)
                        .ofMaxSize(3)
                        .map(m -> (Object) new LinkedHashMap<>(m))),
            0,
            4);
    return Arbitraries.maps(key, value).ofMinSize(1).ofMaxSize(5).map(LinkedHashMap::new);
  }

  @Property(tries = 1000)
  void writesExactlyWhatTheEmitterWritesOrDeclines(@ForAll("manifest") Map<String, Object> m) {
    String direct = NormalisedWriter.write(m);
    Statistics.label("direct").collect(direct != null);
    if (direct != null) {
      assertThat(direct).isEqualTo(ManifestYaml.dumped(m));
    }
  }

  @Example
  void writesAnOrdinaryDeploymentItself() {
    Map<String, Object> deployment = new LinkedHashMap<>();
    deployment.put("spec", Map.of("replicas", 3L, "template", Map.of("containers", List.of())));
    deployment.put("kind", "Deployment");
    deployment.put("apiVersion", "apps/v1");
    deployment.put("metadata", Map.of("name", "app", "labels", Map.of("on", "true")));
    assertThat(NormalisedWriter.write(deployment))
        .isEqualTo(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                "on": "true"
              name: app
            spec:
              replicas: 3
              template:
                containers: []
            """)
        .isEqualTo(ManifestYaml.dumped(deployment));
  }
}
