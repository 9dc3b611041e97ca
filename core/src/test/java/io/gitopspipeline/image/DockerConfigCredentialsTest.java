package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {
  @TempDir Path dir;

  private Path config(String json) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return file;
  }

  private static String auth(String pair) {
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAuthEntriesKeyedByHostOrUrl() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"auths\":{"
                    + "\"https://index.docker.io/v1/\":{\"auth\":\""
                    + auth("hub-user:hub:pass")
                    + "\"},"
                    + "\"ghcr.io\":{\"username\":\"gh-user\",\"password\":\"gh-token\"},"
                    + "\"http://127.0.0.1:5000/v2/\":{\"auth\":\""
                    + auth("local:pw")
                    + "\"}},"
                    + "\"credsStore\":\"desktop\"}"));

    assertThat(credentials.credentialsFor("docker.io"))
        .contains(new RegistryCredentials("hub-user", Secret.of("hub:pass")));
    assertThat(credentials.credentialsFor("ghcr.io"))
        .contains(new RegistryCredentials("gh-user", Secret.of("gh-token")));
    assertThat(credentials.credentialsFor("127.0.0.1:5000"))
        .contains(new RegistryCredentials("local", Secret.of("pw")));
    assertThat(credentials.credentialsFor("quay.io")).isEmpty();
  }

  @Test
  void aMalformedAuthIsAnErrorThatDoesNotQuoteIt() throws Exception {
    Path file = config("{\"auths\":{\"ghcr.io\":{\"auth\":\"bm90LWEtcGFpcg==\"}}}");

    assertThatThrownBy(() -> DockerConfigCredentials.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the 'auth' of 'ghcr.io' is not base64 of user:password")
        .hasMessageNotContaining("bm90LWEtcGFpcg");
  }

  @Test
  void aFileThatIsNotJsonIsAnError() throws Exception {
    Path file = config("auths: nope");

    assertThatThrownBy(() -> DockerConfigCredentials.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot read Docker config");
  }

  @Test
  void aMissingFileIsAnError() {
    assertThatThrownBy(() -> DockerConfigCredentials.load(dir.resolve("absent.json")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("absent.json");
  }

  @Test
  void insecureRegistriesMatchHostAndPortOrTheHostAlone() {
    RegistryClientOptions options =
        RegistryClientOptions.defaults()
            .withInsecureRegistries(java.util.Set.of("127.0.0.1:5000", "registry.local"));

    assertThat(options.isInsecure("127.0.0.1:5000")).isTrue();
    assertThat(options.isInsecure("127.0.0.1:5001")).isFalse();
    assertThat(options.isInsecure("registry.local:8443")).isTrue();
    assertThat(options.isInsecure("ghcr.io")).isFalse();
  }
}
