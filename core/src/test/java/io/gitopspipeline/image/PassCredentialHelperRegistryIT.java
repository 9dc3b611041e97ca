package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.testing.TestTools;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code docker-credential-pass} (Debian's golang-docker-credential-helpers) over a
 * throwaway {@code pass} store and GnuPG home with a passphrase-less key, in front of a real
 * docker-registry behind htpasswd: what {@code docker login} with {@code "credsStore": "pass"}
 * leaves on a Linux CI machine.
 */
class PassCredentialHelperRegistryIT {
  private static final String USER = "ci-bot";
  private static final String PASSWORD = "pass-Stored-Pa55word";

  @TempDir static Path dir;
  private static LocalRegistry registry;
  private static Path helper;
  private static Map<String, String> environment;
  private static String fingerprint;

  @BeforeAll
  static void setUp() throws Exception {
    helper = TestTools.require("docker-credential-pass");
    Path pass = TestTools.require("pass");
    Path gpg = TestTools.require("gpg");
    TestTools.require("gpgconf");
    registry =
        LocalRegistry.start(Files.createDirectories(dir.resolve("registry")), USER, PASSWORD);

    Path gnupg = Files.createDirectory(dir.resolve("gnupg"));
    Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
    environment = new HashMap<>();
    environment.put("GNUPGHOME", gnupg.toString());
    environment.put("PASSWORD_STORE_DIR", dir.resolve("store").toString());
    environment.put(
        "PATH",
        String.join(
            File.pathSeparator,
            pass.getParent().toString(),
            gpg.getParent().toString(),
            System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    run(
        List.of(
            "gpg",
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-gen-key",
            "gitops test <test@example.invalid>",
            "default",
            "default",
            "never"),
        "");
    fingerprint =
        run(List.of("gpg", "--list-keys", "--with-colons"), "")
            .lines()
            .filter(line -> line.startsWith("fpr:"))
            .map(line -> line.split(":")[9])
            .findFirst()
            .orElseThrow();
    run(List.of("pass", "init", fingerprint), "");
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (environment != null) {
      run(List.of("gpgconf", "--kill", "gpg-agent"), "");
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** Runs a command in the throwaway GnuPG/pass environment and returns its output. */
  private static String run(List<String> command, String stdin) throws Exception {
    return run(command, stdin, environment);
  }

  private static String run(List<String> command, String stdin, Map<String, String> env)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  /** A new, empty pass store (its own folder) for one test, keyed to the test's GnuPG key. */
  private static Map<String, String> freshStore(String name) throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    env.put("PASSWORD_STORE_DIR", dir.resolve(name).toString());
    run(List.of("pass", "init", fingerprint), "", env);
    return env;
  }

  /** What {@code docker login} does with a credsStore: {@code docker-credential-pass store}. */
  private static void login(Map<String, String> env, String serverUrl, String user, String password)
      throws Exception {
    String json =
        "{\"ServerURL\":\""
            + serverUrl
            + "\",\"Username\":\""
            + user
            + "\",\"Secret\":\""
            + password
            + "\"}\n";
    run(List.of(helper.toString(), "store"), json, env);
  }

  private static HttpRegistryClient client(CredentialSource credentials) {
    return new HttpRegistryClient(
        RegistryClientOptions.defaults()
            .withInsecureRegistries(Set.of(registry.address()))
            .withCredentials(credentials),
        p -> {});
  }

  private static DockerConfigCredentials config(String json, Map<String, String> env)
      throws Exception {
    Path file = Files.createTempFile(dir, "config", ".json");
    Files.writeString(file, json.replace("REGISTRY", registry.address()));
    return DockerConfigCredentials.load(
        file,
        new ProcessCredentialHelpers(List.of(helper.getParent()), env, Duration.ofSeconds(30)));
  }

  private static ImageReference ref(String nameAndTag) throws Exception {
    return ImageReference.parse(registry.address() + "/" + nameAndTag);
  }

  @Test
  void retagsWithTheCredentialsDockerLoginLeftInPass() throws Exception {
    Map<String, String> store = freshStore("login-store");
    login(store, registry.address(), USER, PASSWORD);
    TestImages.Pushed pushed =
        TestImages.pushImage(
            client(CredentialSource.of(new RegistryCredentials(USER, Secret.of(PASSWORD)))),
            ref("pass/app:build"),
            "amd64",
            "pass",
            false);
    HttpRegistryClient client = client(config("{\"auths\":{},\"credsStore\":\"pass\"}", store));

    TagResult result =
        new ImageTagger(client).tag(ref("pass/app:build"), List.of("1.0.0"), false, p -> {});

    assertThat(result.digest()).isEqualTo(pushed.digest());
    assertThat(client.resolve(ref("pass/app:1.0.0")).digest()).isEqualTo(pushed.digest());
  }

  @Test
  void aRegistryThePassStoreHasNothingForIsAccessedAnonymouslyAsInDocker() throws Exception {
    Map<String, String> empty = freshStore("empty-store");
    HttpRegistryClient client =
        client(
            config(
                "{\"auths\":{\"REGISTRY\":{\"username\":\"ci-bot\",\"password\":\"x\"}},"
                    + "\"credHelpers\":{\"REGISTRY\":\"pass\"}}",
                empty));

    assertThatThrownBy(() -> client.resolve(ref("pass/app:build")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("auth: anonymous")
        .hasMessageContaining("repository pass/app on registry " + registry.address());
  }

  @Test
  void aWrongPasswordInPassFailsNamingTheUserButNotThePassword() throws Exception {
    Map<String, String> store = freshStore("wrong-store");
    login(store, registry.address(), USER, "wrong-Pa55-in-pass");
    HttpRegistryClient client = client(config("{\"credsStore\":\"pass\"}", store));

    assertThatThrownBy(() -> client.resolve(ref("pass/app:build")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("auth: basic as user 'ci-bot'")
        .hasMessageContaining("401")
        .hasMessageNotContaining("wrong-Pa55-in-pass");
  }
}
