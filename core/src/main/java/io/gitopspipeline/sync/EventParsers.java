package io.gitopspipeline.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.sync.argocd.ArgoCdEventParser;
import io.gitopspipeline.sync.connector.GitOpsConnectorEventParser;
import io.gitopspipeline.sync.flux.FluxEventParser;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The factory of {@link EventParser}s: picks the parser a path names ({@code .../flux}, {@code
 * .../argocd}, gitops-connector's {@code /gitopsphase}) or, for any other path, the first that
 * recognises the payload. Adding a source is one parser class and one line here.
 */
public final class EventParsers {
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxStringLength(1 << 20)
                          .maxNumberLength(100)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final List<EventParser> parsers;

  public EventParsers(List<EventParser> parsers) {
    this.parsers = List.copyOf(parsers);
  }

  /** Flux, Argo CD and gitops-connector. */
  public static EventParsers standard() {
    return new EventParsers(
        List.of(new FluxEventParser(), new ArgoCdEventParser(), new GitOpsConnectorEventParser()));
  }

  /** The parser named {@code source} ({@code flux}, {@code argocd}, {@code gitops-connector}). */
  public Optional<EventParser> forSource(String source) {
    String wanted = source.toLowerCase(Locale.ROOT);
    if (wanted.equals("gitopsphase")) {
      wanted = GitOpsConnectorEventParser.SOURCE;
    }
    for (EventParser parser : parsers) {
      if (parser.source().equals(wanted)) {
        return Optional.of(parser);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses a request body.
   *
   * @param source the parser to use, or {@code null} to pick the one that recognises the payload
   * @throws InvalidInputException when the body is not a JSON object or the chosen parser rejects
   *     it
   */
  public ParseResult parse(String source, byte[] body) throws InvalidInputException {
    JsonNode payload = readJson(body);
    if (source != null) {
      EventParser parser =
          forSource(source)
              .orElseThrow(
                  () -> new InvalidInputException("unknown event source '" + source + "'"));
      return parser.parse(payload);
    }
    for (EventParser parser : parsers) {
      if (parser.recognises(payload)) {
        return parser.parse(payload);
      }
    }
    return ParseResult.ignored(
        "payload is neither a Flux event, the gitops-pipeline Argo CD template nor a"
            + " gitops-connector payload");
  }

  /** A JSON object, read with limits on nesting, string and number sizes. */
  public static JsonNode readJson(byte[] body) throws InvalidInputException {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw new InvalidInputException("body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("body must be a JSON object");
    }
    return node;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline >= 0 ? message.substring(0, newline) : message;
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
