package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real docker-registry behind htpasswd (bcrypt) basic auth. */
class BasicAuthRegistryIT {
  private static final String USER = "ci-bot";
  private static final String PASSWORD = "s3cret-Pa55word";

  @TempDir static Path dir;
  private static LocalRegistry registry;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = LocalRegistry.start(dir, USER, PASSWORD);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  private static HttpRegistryClient client(CredentialSource credentials) {
    return new HttpRegistryClient(
        RegistryClientOptions.defaults()
            .withInsecureRegistries(Set.of(registry.address()))
            .withCredentials(credentials),
        p -> {});
  }

  private static ImageReference ref(String nameAndTag) throws Exception {
    return ImageReference.parse(registry.address() + "/" + nameAndTag);
  }

  @Test
  void tagsWithExplicitCredentials() throws Exception {
    HttpRegistryClient client =
        client(CredentialSource.of(new RegistryCredentials(USER, Secret.of(PASSWORD))));
    TestImages.Pushed pushed =
        TestImages.pushImage(client, ref("auth/app:build"), "amd64", "auth", true);

    TagResult result =
        new ImageTagger(client).tag(ref("auth/app:build"), List.of("1.0.0"), false, p -> {});

    assertThat(result.digest()).isEqualTo(pushed.digest());
    assertThat(client.resolve(ref("auth/app:1.0.0")).digest()).isEqualTo(pushed.digest());
  }

  @Test
  void readsCredentialsFromADockerConfig() throws Exception {
    HttpRegistryClient writer =
        client(CredentialSource.of(new RegistryCredentials(USER, Secret.of(PASSWORD))));
    TestImages.Pushed pushed =
        TestImages.pushImage(writer, ref("config/app:1"), "amd64", "config", false);
    Path config = dir.resolve("config.json");
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        config,
        "{\"auths\": {\"http://" + registry.address() + "/v2/\": {\"auth\": \"" + auth + "\"}}}");

    HttpRegistryClient client = client(DockerConfigCredentials.load(config));

    assertThat(client.resolve(ref("config/app:1")).digest()).isEqualTo(pushed.digest());
  }

  @Test
  void wrongPasswordFailsNamingRegistryRepositoryAndAuthMethodButNotThePassword() {
    HttpRegistryClient client =
        client(CredentialSource.of(new RegistryCredentials(USER, Secret.of("wrong-Pa55"))));

    assertThatThrownBy(() -> client.resolve(ref("auth/app:1")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("registry " + registry.address())
        .hasMessageContaining("repository auth/app")
        .hasMessageContaining("auth: basic as user 'ci-bot'")
        .hasMessageContaining("401")
        .hasMessageNotContaining("wrong-Pa55");
  }

  @Test
  void anonymousAccessIsRefusedWithAClearError() {
    HttpRegistryClient client = client(CredentialSource.ANONYMOUS);

    assertThatThrownBy(() -> client.resolve(ref("auth/app:1")))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("auth: anonymous")
        .hasMessageContaining("repository auth/app on registry " + registry.address());
  }
}
