package io.gitopspipeline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                    + "\"}}}"));

    assertThat(credentials.credentialsFor("docker.io"))
        .contains(new RegistryCredentials("hub-user", Secret.of("hub:pass")));
    assertThat(credentials.credentialsFor("ghcr.io"))
        .contains(new RegistryCredentials("gh-user", Secret.of("gh-token")));
    assertThat(credentials.credentialsFor("127.0.0.1:5000"))
        .contains(new RegistryCredentials("local", Secret.of("pw")));
    assertThat(credentials.credentialsFor("quay.io")).isEmpty();
  }

  /** A helper in memory that records which helper was asked for which server URL. */
  private final List<String> asked = new ArrayList<>();

  private CredentialHelpers helpers(Map<String, RegistryCredentials> byHelperAndUrl) {
    return (helper, serverUrl) -> {
      asked.add(helper + " " + serverUrl);
      return Optional.ofNullable(byHelperAndUrl.get(helper + " " + serverUrl));
    };
  }

  private static RegistryCredentials basic(String user, String password) {
    return new RegistryCredentials(user, Secret.of(password));
  }

  @Test
  void aRegistrysCredHelperWinsOverTheCredsStoreWhichWinsOverAuths() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"auths\":{\"ghcr.io\":{\"auth\":\""
                    + auth("file:pw")
                    + "\"},\"quay.io\":{\"auth\":\""
                    + auth("file:pw")
                    + "\"}},"
                    + "\"credsStore\":\"desktop\","
                    + "\"credHelpers\":{\"ghcr.io\":\"gh\"}}"),
            helpers(
                Map.of(
                    "gh ghcr.io", basic("from-gh", "a"),
                    "desktop ghcr.io", basic("from-desktop", "b"),
                    "desktop quay.io", basic("from-desktop", "c"))));

    assertThat(credentials.credentialsFor("ghcr.io")).contains(basic("from-gh", "a"));
    assertThat(credentials.credentialsFor("quay.io")).contains(basic("from-desktop", "c"));
    assertThat(asked).containsExactly("gh ghcr.io", "desktop quay.io");
  }

  @Test
  void aHelperMissIsAnonymousEvenWithAnAuthsEntryAsInDocker() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"auths\":{\"quay.io\":{\"auth\":\""
                    + auth("file:pw")
                    + "\"}},\"credsStore\":\"desktop\"}"),
            helpers(Map.of()));

    assertThat(credentials.credentialsFor("quay.io")).isEmpty();
    assertThat(asked).containsExactly("desktop quay.io");
  }

  @Test
  void dockerHubIsLookedUpUnderTheIndexUrlAsDockerFilesIt() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config("{\"credHelpers\":{\"https://index.docker.io/v1/\":\"hub\"}}"),
            helpers(Map.of("hub https://index.docker.io/v1/", basic("hub-user", "pw"))));

    assertThat(credentials.credentialsFor("docker.io")).contains(basic("hub-user", "pw"));
  }

  @Test
  void credHelperKeysMatchTheRegistryExactlyAsInDocker() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config("{\"credHelpers\":{\"https://ghcr.io\":\"gh\",\"GHCR.io\":\"gh\"}}"),
            helpers(Map.of("gh ghcr.io", basic("u", "p"))));

    assertThat(credentials.credentialsFor("ghcr.io")).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void refusedHelpersFailOnlyWhereAHelperIsNeededAndSayWhy() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"auths\":{\"quay.io\":{\"auth\":\""
                    + auth("file:pw")
                    + "\"}},\"credHelpers\":{\"ghcr.io\":\"gh\"}}"),
            CredentialHelpers.refused("helpers are not run here"));

    assertThat(credentials.credentialsFor("quay.io")).contains(basic("file", "pw"));
    assertThatThrownBy(() -> credentials.credentialsFor("ghcr.io"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the Docker config asks credential helper docker-credential-gh for ghcr.io, but"
                + " helpers are not run here");
  }

  @Test
  void aHelperRunsOncePerRegistry() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config("{\"credsStore\":\"desktop\"}"),
            helpers(Map.of("desktop ghcr.io", basic("u", "p"))));

    credentials.credentialsFor("ghcr.io");
    credentials.credentialsFor("ghcr.io");
    credentials.credentialsFor("quay.io");
    credentials.credentialsFor("quay.io");

    assertThat(asked).containsExactly("desktop ghcr.io", "desktop quay.io");
  }

  @Test
  void aFailingHelperFailsTheLookup() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config("{\"credsStore\":\"desktop\"}"),
            (helper, url) -> {
              throw new GitOpsException(
                  "credential helper docker-credential-" + helper + " failed");
            });

    assertThatThrownBy(() -> credentials.credentialsFor("ghcr.io"))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("docker-credential-desktop");
  }

  @Test
  void configKeysMatchWithoutRegardToCaseAsDockerReadsThem() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"CredHelpers\":{\"ghcr.io\":\"gh\"},\"AUTHS\":{\"quay.io\":"
                    + "{\"Username\":\"u\",\"Password\":\"p\"}}}"),
            helpers(Map.of("gh ghcr.io", basic("from-gh", "a"))));

    assertThat(credentials.credentialsFor("ghcr.io")).contains(basic("from-gh", "a"));
    assertThat(credentials.credentialsFor("quay.io")).contains(basic("u", "p"));
  }

  @Test
  void anEmptyCredsStoreMeansTheAuthsEntries() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"auths\":{\"ghcr.io\":{\"auth\":\""
                    + auth("file:pw")
                    + "\"}},\"credsStore\":\"\"}"),
            helpers(Map.of()));

    assertThat(credentials.credentialsFor("ghcr.io")).contains(basic("file", "pw"));
    assertThat(asked).isEmpty();
  }

  @Test
  void anIdentityTokenEntryIsAnIdentityToken() throws Exception {
    DockerConfigCredentials credentials =
        DockerConfigCredentials.load(
            config(
                "{\"auths\":{\"myregistry.azurecr.io\":{\"auth\":\""
                    + auth("00000000-0000-0000-0000-000000000000:")
                    + "\",\"identitytoken\":\"refresh-xyz\"}}}"),
            helpers(Map.of()));

    assertThat(credentials.credentialsFor("myregistry.azurecr.io"))
        .contains(RegistryCredentials.identityToken(Secret.of("refresh-xyz")));
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
