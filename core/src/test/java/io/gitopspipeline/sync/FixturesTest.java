package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reconciler payload fixture parses to the normalised event in expected-events.json. */
class FixturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventParsers parsers = EventParsers.standard();

  static Stream<Arguments> fixtures() throws IOException {
    JsonNode expected = JSON.readTree(Fixtures.bytes("expected-events.json"));
    List<Arguments> cases = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : expected.properties()) {
      if (!entry.getKey().startsWith("_")) {
        cases.add(Arguments.of(entry.getKey(), entry.getValue()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void fixtureParsesToItsNormalisedEvent(String fixture, JsonNode expected) throws Exception {
    byte[] body = Fixtures.bytes(fixture);

    ParseResult result = parsers.parse(null, body);

    if (expected.path("ignored").asBoolean()) {
      assertThat(result.isIgnored()).isTrue();
      assertThat(result.ignoredReason()).isNotBlank();
      return;
    }
    assertThat(result.events()).containsExactly(expectedEvent(expected, body));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void theSourceNamedByThePathGivesTheSameEvent(String fixture, JsonNode expected)
      throws Exception {
    if (expected.path("ignored").asBoolean()) {
      return;
    }
    String source = expected.get("source").asText();
    ParseResult byPath = parsers.parse(source, Fixtures.bytes(fixture));

    assertThat(byPath).isEqualTo(parsers.parse(null, Fixtures.bytes(fixture)));
  }

  private static SyncEvent expectedEvent(JsonNode expected, byte[] body) throws Exception {
    String targetText = expected.get("target").asText();
    Target target;
    if (targetText.contains("*")) {
      String[] parts = targetText.split("/");
      target = Target.of(parts[0], parts[1], parts[2]);
    } else {
      target = Target.parse(targetText);
    }
    JsonNode payload = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    return new SyncEvent(
        expected.get("source").asText(),
        target,
        expected.get("revision").asText(),
        Phase.valueOf(expected.get("phase").asText()),
        expected.get("health").isNull() ? null : expected.get("health").asText(),
        expected.get("reason").asText(),
        payload.get("message").asText(),
        expected.get("time").isNull() ? null : Instant.parse(expected.get("time").asText()));
  }
}
