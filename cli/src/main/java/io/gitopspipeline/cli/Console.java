package io.gitopspipeline.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitopspipeline.api.ControlCharacters;
import io.gitopspipeline.api.FailureKind;
import io.gitopspipeline.api.Progress;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Urls;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The terminal a command talks to. Results go to standard output (one JSON object with {@code
 * --output json}); progress and diagnostics always go to standard error, so scripts can parse
 * standard output whatever happens. Whatever is printed has the user-info of its URLs masked: a
 * URL's user may be a token ({@code https://TOKEN@host/}), and messages echo URLs from arguments.
 */
public final class Console {
  /**
   * Built on first use only: Jackson's classes and its module lookup cost a text-output command
   * about a tenth of its start-up, and many pipelines start one process per promotion.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        JsonMapper.builder(
                new JsonFactoryBuilder().characterEscapes(new TerminalSafeEscapes()).build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .findAndAddModules()
            .build();

    private Json() {}
  }

  /**
   * JSON escapes beyond the standard ones (which cover U+0000–U+001F): DEL, the C1 controls (U+009B
   * starts an escape sequence on some terminals), line separators and bidi overrides, so JSON
   * printed from outside input is as inert on a terminal as text lines are ({@link
   * ControlCharacters}).
   */
  private static final class TerminalSafeEscapes extends CharacterEscapes {
    private final int[] ascii;

    TerminalSafeEscapes() {
      ascii = standardAsciiEscapesForJSON();
      ascii[0x7f] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return ch <= Character.MAX_VALUE && ControlCharacters.isUnsafe((char) ch)
          ? new SerializedString(String.format("\\u%04x", ch))
          : null;
    }
  }

  private final PrintWriter out;
  private final PrintWriter err;
  private OutputFormat format = OutputFormat.TEXT;
  private boolean debug;

  public Console(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  void configure(OutputFormat format, boolean debug) {
    this.format = format;
    this.debug = debug;
  }

  public OutputFormat format() {
    return format;
  }

  public boolean debug() {
    return debug;
  }

  /**
   * Prints a command's result: {@code json} serialised as one object, or {@code text} as it is.
   *
   * @param json a record, map or other Jackson-serialisable value
   * @param text the human-readable rendering; a trailing newline is added when missing
   */
  public void result(Object json, String text) {
    if (format == OutputFormat.JSON) {
      out.println(Urls.maskUserInfo(toJson(json)));
    } else if (!text.isEmpty()) {
      out.print(Urls.maskUserInfo(text.endsWith("\n") ? text : text + "\n"));
    }
    out.flush();
  }

  /**
   * A line on standard error for the user, whatever the output format. Control characters are
   * escaped line by line ({@link ControlCharacters}): a message may quote outside input, which must
   * not drive the terminal; the message's own line breaks are kept.
   */
  public void diagnostic(String message) {
    err.println(escapeKeepingLayout(Urls.maskUserInfo(message)));
    err.flush();
  }

  /** Escapes control characters except line breaks and tabs (a stack trace's indentation). */
  static String escapeKeepingLayout(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String[] cells = lines[i].split("\t", -1);
      for (int j = 0; j < cells.length; j++) {
        cells[j] = ControlCharacters.escape(cells[j]);
      }
      lines[i] = String.join("\t", cells);
    }
    return String.join("\n", lines);
  }

  /** Reports a failure: on standard error always, and as a JSON object when JSON was asked for. */
  void failure(FailureKind kind, String message) {
    diagnostic("error: " + message);
    if (format == OutputFormat.JSON) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
      error.put("message", Urls.maskUserInfo(message));
      error.put("exitCode", kind.exitCode());
      out.println(toJson(Map.of("error", error)));
      out.flush();
    }
  }

  /** Progress from core, rendered on standard error; debug lines only with {@code --debug}. */
  public ProgressListener progress() {
    return progress -> {
      if (progress.level() == Progress.Level.DEBUG && !debug) {
        return;
      }
      String prefix = progress.level() == Progress.Level.WARN ? "warning: " : "";
      diagnostic(prefix + "[" + progress.topic() + "] " + progress.message());
    };
  }

  PrintWriter err() {
    return err;
  }

  static String toJson(Object value) {
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
