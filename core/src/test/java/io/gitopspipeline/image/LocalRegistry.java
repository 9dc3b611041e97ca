package io.gitopspipeline.image;

import io.gitopspipeline.testing.TestTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code docker-registry} (distribution 2.8) on 127.0.0.1 with filesystem storage in
 * a temporary folder, anonymous or behind htpasswd (bcrypt) basic auth. Shared with the CLI tests.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Process process;
  private final String address;
  private final Path log;

  private LocalRegistry(Process process, String address, Path log) {
    this.process = process;
    this.address = address;
    this.log = log;
  }

  /** An anonymous registry. */
  public static LocalRegistry start(Path dir) throws Exception {
    return start(dir, null, null);
  }

  /** A registry that needs {@code user}/{@code password} (basic auth), or anonymous when null. */
  public static LocalRegistry start(Path dir, String user, String password) throws Exception {
    Path binary = TestTools.require("docker-registry");
    String auth = "";
    if (user != null) {
      Path htpasswdTool = TestTools.require("htpasswd");
      Path htpasswd = dir.resolve("htpasswd");
      run(List.of(htpasswdTool.toString(), "-B", "-b", "-c", htpasswd.toString(), user, password));
      auth =
          "auth:\n  htpasswd:\n    realm: gitops-test\n    path: "
              + htpasswd.toAbsolutePath()
              + "\n";
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + dir.resolve("data").toAbsolutePath()
            + "\n  delete:\n    enabled: true\n"
            + "http:\n  addr: "
            + address
            + "\n  secret: gitops-test-secret\n"
            + auth);
    Path log = dir.resolve("registry.log");
    Process process =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(process, address, log);
    registry.awaitReady();
    return registry;
  }

  /** {@code 127.0.0.1:port}, the registry part of references. */
  public String address() {
    return address;
  }

  private void awaitReady() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited: " + Files.readString(log, StandardCharsets.UTF_8));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200 || response.statusCode() == 401) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    close();
    throw new IllegalStateException("docker-registry did not start on " + address);
  }

  private static void run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(command.get(0) + " failed: " + output);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
