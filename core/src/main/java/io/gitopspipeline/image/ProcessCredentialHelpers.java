package io.gitopspipeline.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.OperationTimedOutException;
import io.gitopspipeline.api.Secret;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link CredentialHelpers} that run {@code docker-credential-<name> get} as docker-credential-
 * helpers' client does: the server URL on standard input (no newline), {@code
 * {"ServerURL","Username","Secret"}} JSON on standard output (field names matched without regard to
 * case, as Go's decoder does), and on failure a non-zero exit with the error text on standard
 * output, where {@code credentials not found in native keychain} means "nothing stored". The helper
 * is looked up in a search path (the {@code PATH} by default), not through a shell; its standard
 * error is discarded, since core never prints. Each run is bounded in time and in the bytes read.
 */
public final class ProcessCredentialHelpers implements CredentialHelpers {
  static final String PREFIX = "docker-credential-";
  static final String NOT_FOUND = "credentials not found in native keychain";
  private static final String MISSING_SERVER_URL = "no credentials server URL";
  private static final String MISSING_USERNAME = "no credentials username";
  // Helper names as docker-credential-helpers and the cloud vendors ship them; never a path.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_OUTPUT = 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Path> searchPath;
  private final Map<String, String> environment;
  private final Duration timeout;

  /**
   * @param searchPath folders to look for {@code docker-credential-<name>} in, in order
   * @param environment variables added to (or replacing) the inherited environment of the helper
   * @param timeout longest run of one helper; it is killed after that
   */
  public ProcessCredentialHelpers(
      List<Path> searchPath, Map<String, String> environment, Duration timeout) {
    this.searchPath = List.copyOf(searchPath);
    this.environment = Map.copyOf(environment);
    this.timeout = timeout;
  }

  /** Helpers on this process's {@code PATH}, 60 s each (cloud helpers may fetch a token first). */
  public static ProcessCredentialHelpers fromEnvironment() {
    return new ProcessCredentialHelpers(
        searchPath(System.getenv("PATH")), Map.of(), Duration.ofSeconds(60));
  }

  /**
   * The absolute folders of a {@code PATH} value. Empty and relative entries are skipped, as Go's
   * {@code exec.LookPath} refuses programs found through them: a helper must not come from whatever
   * the current folder is.
   */
  static List<Path> searchPath(String value) {
    List<Path> path = new ArrayList<>();
    if (value != null) {
      for (String dir : value.split(Pattern.quote(File.pathSeparator))) {
        try {
          Path folder = Path.of(dir);
          if (!dir.isBlank() && folder.isAbsolute()) {
            path.add(folder);
          }
        } catch (InvalidPathException e) {
          // not a folder at all; the PATH has nothing to offer there
        }
      }
    }
    return path;
  }

  @Override
  public Optional<RegistryCredentials> get(String helper, String serverUrl) throws GitOpsException {
    String program = PREFIX + helper;
    if (!NAME.matcher(helper).matches()) {
      throw new InvalidInputException(
          "Docker config names the credential helper '"
              + ImageReference.quoted(helper)
              + "' for "
              + serverUrl
              + ", which is not a helper name (letters, digits, '.', '_', '-'); fix credsStore or"
              + " credHelpers");
    }
    Path executable = find(program);
    String where = "credential helper " + program + " (for " + serverUrl + ")";
    Result result = run(executable, where, serverUrl);
    String output = new String(result.stdout(), StandardCharsets.UTF_8);
    if (result.exitCode() != 0) {
      String message = output.strip();
      if (message.equals(NOT_FOUND)) {
        return Optional.empty();
      }
      if (message.equals(MISSING_SERVER_URL) || message.equals(MISSING_USERNAME)) {
        throw new GitOpsException(where + " failed: " + message);
      }
      throw new GitOpsException(
          where
              + " failed with exit code "
              + result.exitCode()
              + "; run '"
              + program
              + " get' by hand to see why (e.g. not logged in, or its store is locked)");
    }
    return parse(output, where);
  }

  private Path find(String program) throws GitOpsException {
    for (Path dir : searchPath) {
      Path candidate = dir.resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new GitOpsException(
        "credential helper "
            + program
            + " is not installed (not found on the PATH); install it, or remove it from"
            + " credsStore/credHelpers in the Docker config");
  }

  private record Result(int exitCode, byte[] stdout) {}

  private Result run(Path executable, String where, String serverUrl) throws GitOpsException {
    ProcessBuilder builder =
        new ProcessBuilder(executable.toString(), "get")
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot start " + where + " (" + e.getClass().getSimpleName() + ")");
    }
    OutputReader reader = new OutputReader(process.getInputStream(), () -> kill(process));
    Thread thread = new Thread(reader, "credential-helper-output");
    thread.setDaemon(true);
    thread.start();
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // A helper may exit without reading its input; its exit code tells what happened.
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new OperationTimedOutException(
            where
                + " did not answer within "
                + (timeout.toMillis() % 1000 == 0
                    ? timeout.toSeconds() + " s"
                    : timeout.toMillis() + " ms")
                + "; it was stopped");
      }
      thread.join(timeout.toMillis());
      if (reader.overflowed()) {
        throw new GitOpsException(
            where + " printed more than " + MAX_OUTPUT / 1024 + " KiB; refusing its answer");
      }
      return new Result(process.exitValue(), reader.bytes());
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new GitOpsException("interrupted while running " + where);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** A helper's answer to {@code get}; {@code where} names helper and server in errors. */
  static Optional<RegistryCredentials> parse(String output, String where) throws GitOpsException {
    JsonNode json;
    try {
      json = JSON.readTree(output);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw new GitOpsException(
          where + " answered with something other than a JSON object of ServerURL/Username/Secret");
    }
    String username = textOrEmpty(json, "Username");
    String secret = textOrEmpty(json, "Secret");
    if (username.equals(RegistryCredentials.TOKEN_USERNAME)) {
      return secret.isEmpty()
          ? Optional.empty()
          : Optional.of(RegistryCredentials.identityToken(Secret.of(secret)));
    }
    // Docker sends basic credentials only when both parts are set; old helpers (pass 0.6) answer
    // a miss with empty strings and exit 0.
    if (username.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RegistryCredentials(username, Secret.of(secret)));
  }

  private static String textOrEmpty(JsonNode json, String name) {
    String value = GoJson.text(json, name);
    return value == null ? "" : value;
  }

  /** Reads standard output up to the limit; a helper that prints more is stopped. */
  private static final class OutputReader implements Runnable {
    private final InputStream in;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile boolean overflowed;

    OutputReader(InputStream in, Runnable onOverflow) {
      this.in = in;
      this.onOverflow = onOverflow;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (out) {
            if (out.size() + n > MAX_OUTPUT) {
              overflowed = true;
            } else {
              out.write(buffer, 0, n);
            }
          }
          if (overflowed) {
            onOverflow.run();
            return;
          }
        }
      } catch (IOException e) {
        // The process was killed or closed its output; what was read is what it said.
      }
    }

    boolean overflowed() {
      return overflowed;
    }

    byte[] bytes() {
      synchronized (out) {
        return out.toByteArray();
      }
    }
  }
}
