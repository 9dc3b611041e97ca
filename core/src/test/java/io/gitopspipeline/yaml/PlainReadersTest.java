package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The ports in {@link PlainReaders} against the real readers: go-yaml v2/v3 and PyYAML through a
 * table those readers produced ({@code scripts/yaml-reader-oracle}), snakeyaml through its jar.
 */
class PlainReadersTest {
  private record Row(String value, String goV2, String goV3, String pyyaml) {
    boolean readable() {
      return !goV2.equals("invalid") && !goV3.equals("invalid") && !pyyaml.equals("invalid");
    }
  }

  private static List<Row> table() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<Row> rows = new ArrayList<>();
    try (InputStream in =
            PlainReadersTest.class.getResourceAsStream("/yaml/plain-resolutions.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        rows.add(new Row(json.readValue(cells[0], String.class), cells[1], cells[2], cells[3]));
      }
    }
    return rows;
  }

  @Test
  void goYamlAndPyYamlPortsResolveLikeTheRealReaders() throws Exception {
    List<Row> rows = table();
    List<String> wrong = new ArrayList<>();
    int compared = 0;
    for (Row row : rows) {
      if (!row.readable()) {
        continue;
      }
      compared++;
      String v = row.value();
      check(wrong, v, "go-yaml v2", row.goV2(), PlainReaders.GO_YAML_V2.resolve(v));
      check(wrong, v, "go-yaml v3", row.goV3(), PlainReaders.GO_YAML_V3.resolve(v));
      check(wrong, v, "PyYAML", row.pyyaml(), PlainReaders.PYYAML.resolve(v));
    }
    assertThat(compared).isGreaterThan(3000);
    assertThat(wrong).isEmpty();
  }

  private static void check(
      List<String> wrong, String value, String who, String real, String port) {
    if (!real.equals(port)) {
      wrong.add(who + " reads '" + value + "' as " + real + ", the port says " + port);
    }
  }

  @Test
  void whatWeWritePlainEveryGeneratedReaderReadsBackAsThatPlainScalar() throws Exception {
    List<String> unreadable = new ArrayList<>();
    for (Row row : table()) {
      if (Scalars.plainSafe(row.value(), false) && !row.readable()) {
        unreadable.add(row.toString());
      }
    }
    assertThat(unreadable).isEmpty();
  }

  @Test
  void versionsWithTwoDotsAreStringsForEveryReader() {
    for (String version : List.of("1.1.0", "1.0.0", "10.2.33", "1.2.3.4")) {
      assertThat(Scalars.plainType(version).isString()).as(version).isTrue();
    }
  }

  @Test
  void aValueOnlyOneReaderMisreadsIsNotAString() {
    // sexagesimal: PyYAML and snakeyaml only
    assertThat(PlainReaders.PYYAML.resolve("1:20")).isEqualTo("int");
    assertThat(PlainReaders.GO_YAML_V2.resolve("1:20")).isEqualTo("str");
    assertThat(Scalars.plainType("1:20").isString()).isFalse();
    // one-digit minutes: go-yaml's time.Parse only
    assertThat(PlainReaders.GO_YAML_V3.resolve("2001-1-2T3:4:5Z")).isEqualTo("timestamp");
    assertThat(PlainReaders.PYYAML.resolve("2001-1-2T3:4:5Z")).isEqualTo("str");
    assertThat(Scalars.plainType("2001-1-2T3:4:5Z").isString()).isFalse();
    // past 64 bits: a big.Int in the Kubernetes fork of yaml.v2, a string in yaml.v2 itself
    assertThat(PlainReaders.GO_YAML_V2_KUBERNETES.resolve("0x10000000000000000")).isEqualTo("int");
    assertThat(PlainReaders.GO_YAML_V2.resolve("0x10000000000000000")).isEqualTo("str");
    assertThat(PlainReaders.GO_YAML_V2_KUBERNETES.resolve("-0x10000000000000000")).isEqualTo("str");
    // y and n: go-yaml v2 only
    assertThat(Scalars.plainType("y").agreed()).isNull();
    // 1e3: no dot, so a string for PyYAML, a float for the others
    assertThat(PlainReaders.PYYAML.resolve("1e3")).isEqualTo("str");
    assertThat(PlainReaders.SNAKEYAML_ENGINE_CORE.resolve("1e3")).isEqualTo("float");
  }

  @Provide
  Arbitrary<String> tagLike() {
    return Arbitraries.strings()
        .withChars("0123456789.-_:eEvxob+yYnNTZ ~")
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  /**
   * A string value replacing a plain string reads back as that string in the real Java readers:
   * snakeyaml (YAML 1.1) and snakeyaml-engine's JSON and core schemas (YAML 1.2).
   */
  @Property(tries = 1000)
  void aStringWrittenOverAPlainStringReadsBackAsThatString(@ForAll("tagLike") String value)
      throws Exception {
    String edited =
        new YamlEditor().set("tag: v1 # pinned\n", null, List.of(ValueUpdate.of("tag", value)));

    java.util.Map<?, ?> snakeyaml =
        new org.yaml.snakeyaml.Yaml(
                new org.yaml.snakeyaml.constructor.SafeConstructor(
                    new org.yaml.snakeyaml.LoaderOptions()))
            .load(edited);
    assertThat(snakeyaml.get("tag")).as(edited).isEqualTo(value);
    for (org.snakeyaml.engine.v2.schema.Schema schema :
        List.of(
            new org.snakeyaml.engine.v2.schema.JsonSchema(),
            new org.snakeyaml.engine.v2.schema.CoreSchema())) {
      Object loaded =
          new org.snakeyaml.engine.v2.api.Load(
                  org.snakeyaml.engine.v2.api.LoadSettings.builder().setSchema(schema).build())
              .loadFromString(edited);
      assertThat(((java.util.Map<?, ?>) loaded).get("tag")).as(edited).isEqualTo(value);
    }
    if (Scalars.plainSafe(value, false) && Scalars.plainType(value).isString()) {
      assertThat(edited).isEqualTo("tag: " + value + " # pinned\n");
    }
  }

  @Provide
  Arbitrary<String> numberish() {
    return Arbitraries.strings()
        .withChars("0123456789._:-+eExXoObB TZtyYnN~")
        .ofMinLength(0)
        .ofMaxLength(8)
        .filter(s -> s.isEmpty() || "!&*".indexOf(s.charAt(0)) < 0);
  }

  @Property(tries = 2000)
  void snakeyamlPortResolvesLikeTheSnakeyamlJar(@ForAll("numberish") String value) {
    String real =
        new Resolver()
            .resolve(NodeId.scalar, value, true)
            .getValue()
            .replace("tag:yaml.org,2002:", "");
    assertThat(PlainReaders.SNAKEYAML.resolve(value)).as(value).isEqualTo(real);
  }
}
