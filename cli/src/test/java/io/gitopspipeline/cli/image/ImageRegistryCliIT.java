package io.gitopspipeline.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.image.CredentialSource;
import io.gitopspipeline.image.HttpRegistryClient;
import io.gitopspipeline.image.ImageReference;
import io.gitopspipeline.image.LocalRegistry;
import io.gitopspipeline.image.RegistryClientOptions;
import io.gitopspipeline.image.RegistryCredentials;
import io.gitopspipeline.image.ScriptedCredentialHelpers;
import io.gitopspipeline.image.TestImages;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code gitops image tag/resolve} against a real docker-registry with basic auth. */
class ImageRegistryCliIT {
  private static final String USER = "ci-bot";
  private static final String PASSWORD = "cli-Pa55word";

  @TempDir static Path dir;
  private static LocalRegistry registry;
  private static TestImages.Pushed pushed;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void seed() throws Exception {
    registry = LocalRegistry.start(dir, USER, PASSWORD);
    HttpRegistryClient client =
        new HttpRegistryClient(
            RegistryClientOptions.defaults()
                .withInsecureRegistries(Set.of(registry.address()))
                .withCredentials(
                    CredentialSource.of(new RegistryCredentials(USER, Secret.of(PASSWORD)))),
            p -> {});
    pushed =
        TestImages.pushImage(
            client,
            ImageReference.parse(registry.address() + "/cli/app:build-1"),
            "amd64",
            "cli",
            true);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void tagThenResolveInProcessWithThePasswordOnStdin() throws Exception {
    Gitops tag =
        Gitops.runWithStdin(
            PASSWORD + "\n",
            "--output",
            "json",
            "image",
            "tag",
            registry.address() + "/cli/app:build-1",
            "--tag",
            "1.0.0",
            "--tag",
            "stable",
            "--insecure-registry",
            registry.address(),
            "--username",
            USER,
            "--password-stdin");

    assertThat(tag.exitCode()).as(tag.stderr()).isZero();
    JsonNode result = json.readTree(tag.stdout());
    assertThat(result.get("digest").asText()).isEqualTo(pushed.digest());
    assertThat(result.get("tagged"))
        .extracting(JsonNode::asText)
        .containsExactly(
            registry.address() + "/cli/app:1.0.0", registry.address() + "/cli/app:stable");
    assertThat(tag.stderr()).doesNotContain(PASSWORD);

    Gitops resolve =
        Gitops.runWithStdin(
            PASSWORD,
            "--output",
            "json",
            "image",
            "resolve",
            registry.address() + "/cli/app:stable",
            "--insecure-registry",
            registry.address(),
            "--username",
            USER,
            "--password-stdin");

    JsonNode resolved = json.readTree(resolve.stdout());
    assertThat(resolved.get("reference").asText())
        .isEqualTo(registry.address() + "/cli/app:stable");
    assertThat(resolved.get("digest").asText()).isEqualTo(pushed.digest());
    assertThat(resolved.get("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
  }

  @Test
  void dockerConfigCredentialsAndTheImmutablePolicyThroughTheJar() throws Exception {
    Path config = dir.resolve("docker-config.json");
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        config, "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + auth + "\"}}}");
    List<String> base =
        List.of("--insecure-registry", registry.address(), "--docker-config", config.toString());

    Process first =
        gitopsJar(
            withArgs(
                List.of(
                    "--output",
                    "json",
                    "image",
                    "tag",
                    registry.address() + "/cli/app:build-1",
                    "--tag",
                    "jar"),
                base));
    String out = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(out).isZero();
    assertThat(json.readTree(out).get("digest").asText()).isEqualTo(pushed.digest());

    HttpRegistryClient client =
        new HttpRegistryClient(
            RegistryClientOptions.defaults()
                .withInsecureRegistries(Set.of(registry.address()))
                .withCredentials(
                    CredentialSource.of(new RegistryCredentials(USER, Secret.of(PASSWORD)))),
            p -> {});
    TestImages.pushImage(
        client,
        ImageReference.parse(registry.address() + "/cli/app:other"),
        "amd64",
        "other",
        true);
    Process move =
        gitopsJar(
            withArgs(
                List.of("image", "tag", registry.address() + "/cli/app:other", "--tag", "jar"),
                base));
    String err = new String(move.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(move.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(move.exitValue()).isEqualTo(1);
    assertThat(err).contains("refusing to move tag 'jar'");
  }

  @Test
  void findsCredentialsThroughTheCredsStoreOfTheDefaultDockerConfig() throws Exception {
    ScriptedCredentialHelpers helpers =
        new ScriptedCredentialHelpers(dir.resolve("helpers-ok"))
            .install("test")
            .store("test", registry.address(), USER, PASSWORD);
    Path dockerConfig = Files.createDirectories(dir.resolve("docker-ok"));
    Files.writeString(dockerConfig.resolve("config.json"), "{\"credsStore\":\"test\"}");

    Process resolve =
        gitopsJar(
            List.of(
                "--output",
                "json",
                "image",
                "resolve",
                registry.address() + "/cli/app:build-1",
                "--insecure-registry",
                registry.address()),
            helperEnvironment(helpers, dockerConfig));
    String out = new String(resolve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(resolve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(resolve.exitValue()).as(out).isZero();
    assertThat(json.readTree(out).get("digest").asText()).isEqualTo(pushed.digest());
    assertThat(helpers.requests("test")).containsExactly(registry.address());
  }

  @Test
  void aFailingCredentialHelperExitsOneNamingItButNotWhatItPrinted() throws Exception {
    ScriptedCredentialHelpers helpers =
        new ScriptedCredentialHelpers(dir.resolve("helpers-broken"))
            .script("broken", "#!/bin/sh\necho 'cannot unlock: S3CRET-value'\nexit 1\n");
    Path dockerConfig = Files.createDirectories(dir.resolve("docker-broken"));
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"credHelpers\":{\"" + registry.address() + "\":\"broken\"}}");

    Process resolve =
        gitopsJar(
            List.of(
                "image",
                "resolve",
                registry.address() + "/cli/app:build-1",
                "--insecure-registry",
                registry.address()),
            helperEnvironment(helpers, dockerConfig));
    String err = new String(resolve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(resolve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(resolve.exitValue()).isEqualTo(1);
    assertThat(err)
        .contains("credential helper docker-credential-broken (for " + registry.address() + ")")
        .doesNotContain("S3CRET");
  }

  private static Map<String, String> helperEnvironment(
      ScriptedCredentialHelpers helpers, Path dockerConfig) {
    Map<String, String> env = new HashMap<>(helpers.environment());
    env.put("DOCKER_CONFIG", dockerConfig.toString());
    env.put(
        "PATH",
        helpers.bin() + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  private static List<String> withArgs(List<String> first, List<String> rest) {
    List<String> all = new ArrayList<>(first);
    all.addAll(rest);
    return all;
  }

  private static Process gitopsJar(List<String> args) throws Exception {
    return gitopsJar(args, Map.of());
  }

  private static Process gitopsJar(List<String> args, Map<String, String> env) throws Exception {
    Path jar = Path.of("target", "gitops.jar").toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    return builder.start();
  }
}
