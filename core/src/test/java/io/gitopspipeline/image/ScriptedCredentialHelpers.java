package io.gitopspipeline.image;

import io.gitopspipeline.api.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A folder of credential helpers for tests: copies of the protocol-exact {@code
 * docker-credential-test} script under any helper names, and one-off scripts, run through the real
 * {@link ProcessCredentialHelpers}. Shared with the CLI tests, which put {@link #bin()} on the
 * {@code PATH} of a {@code gitops} process with {@link #environment()}.
 */
public final class ScriptedCredentialHelpers {
  private final Path bin;
  private final Path store;

  public ScriptedCredentialHelpers(Path dir) throws IOException {
    this.bin = Files.createDirectories(dir.resolve("bin"));
    this.store = Files.createDirectories(dir.resolve("store"));
  }

  /** Installs the protocol-exact helper as {@code docker-credential-<name>}. */
  public ScriptedCredentialHelpers install(String name) throws IOException {
    try (InputStream script = getClass().getResourceAsStream("/image/docker-credential-test")) {
      return script(name, new String(script.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Installs {@code body} (a shell script) as {@code docker-credential-<name>}. */
  public ScriptedCredentialHelpers script(String name, String body) throws IOException {
    Path file = bin.resolve(ProcessCredentialHelpers.PREFIX + name);
    Files.writeString(file, body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return this;
  }

  /**
   * Stores credentials with the helper's own {@code store} action, as {@code docker login} does.
   */
  public ScriptedCredentialHelpers store(
      String name, String serverUrl, String username, String secret) throws Exception {
    String json =
        "{\"ServerURL\":\""
            + serverUrl
            + "\",\"Username\":\""
            + username
            + "\",\"Secret\":\""
            + secret
            + "\"}\n";
    ProcessBuilder builder =
        new ProcessBuilder(bin.resolve(ProcessCredentialHelpers.PREFIX + name).toString(), "store");
    builder.environment().put("TEST_CREDENTIAL_STORE", store.toString());
    Process process = builder.redirectErrorStream(true).start();
    process.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("store failed: " + out);
    }
    return this;
  }

  /** The server URLs helper {@code name} was asked for, in order. */
  public List<String> requests(String name) throws IOException {
    Path file = store.resolve(ProcessCredentialHelpers.PREFIX + name).resolve("requests");
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  /** The folder the helpers are in. */
  public Path bin() {
    return bin;
  }

  /** What a helper process needs in its environment to find its store. */
  public Map<String, String> environment() {
    return Map.of("TEST_CREDENTIAL_STORE", store.toString());
  }

  ProcessCredentialHelpers helpers(Duration timeout) {
    return new ProcessCredentialHelpers(List.of(bin), environment(), timeout);
  }

  ProcessCredentialHelpers helpers() {
    return helpers(Duration.ofSeconds(20));
  }

  static RegistryCredentials basic(String user, String password) {
    return new RegistryCredentials(user, Secret.of(password));
  }
}
