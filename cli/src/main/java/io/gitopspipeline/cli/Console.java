package io.gitopspipeline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .findAndAddModules()
          .build();

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

  /** A line on standard error for the user, whatever the output format. */
  public void diagnostic(String message) {
    err.println(Urls.maskUserInfo(message));
    err.flush();
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
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
