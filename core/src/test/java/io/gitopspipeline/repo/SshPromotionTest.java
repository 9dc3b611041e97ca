package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotions over SSH against Apache MINA sshd: key authentication and host key checking. */
class SshPromotionTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private SshGitServer server;
  private Path clientKey;
  private KeyPair client;
  private final Promoter promoter =
      new Promoter(
          new PromoterSettings(
              null, null, 2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(20)));

  @BeforeEach
  void setUp() throws Exception {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    client = SshGitServer.newKeyPair();
    clientKey = SshGitServer.writePrivateKey(client, tmp.resolve("id_ecdsa"));
    server = new SshGitServer(tmp, client.getPublic());
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  private Promotion promotion(GitCredentials credentials) {
    Path from = tmp.resolve("rendered");
    GitCli.write(from.resolve("deployment.yaml"), "kind: Deployment\n");
    return Promotion.of(server.url("remote.git"), "main", "web", "dev", from)
        .withCredentials(credentials);
  }

  private String main() {
    return git.run(remote, "rev-parse", "main").strip();
  }

  @Test
  void promotesOverSshWithKeyAuthenticationAndAKnownHostKey() throws Exception {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));

    PromotionResult result =
        promoter.promote(
            promotion(new GitCredentials.SshKey(clientKey, null, knownHosts, false)),
            ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(result.commit()).isEqualTo(main());
    assertThat(git.run(remote, "show", "main:apps/web/dev/deployment.yaml"))
        .isEqualTo("kind: Deployment\n");
  }

  @Test
  void unlocksAnEncryptedKeyWithItsPassphrase() throws Exception {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));
    Path encrypted =
        SshGitServer.writeEncryptedPrivateKey(client, "correct horse", tmp.resolve("id_enc"));

    PromotionResult result =
        promoter.promote(
            promotion(
                new GitCredentials.SshKey(
                    encrypted,
                    io.gitopspipeline.api.Secret.of("correct horse"),
                    knownHosts,
                    false)),
            ProgressListener.NONE);

    assertThat(result.commit()).isEqualTo(main());
  }

  @Test
  void refusesAHostMissingFromKnownHostsByDefault() throws Exception {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, "");
    String before = main();

    assertThatThrownBy(
            () ->
                promoter.promote(
                    promotion(new GitCredentials.SshKey(clientKey, null, knownHosts, false)),
                    ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("127.0.0.1")
        .hasMessageContaining("--accept-new-host-keys");
    assertThat(main()).isEqualTo(before);
    assertThat(knownHosts).isEmptyFile();
  }

  @Test
  void acceptNewRecordsTheKeyOfAFirstSeenHost() throws Exception {
    Path knownHosts = tmp.resolve("new_known_hosts");

    promoter.promote(
        promotion(new GitCredentials.SshKey(clientKey, null, knownHosts, true)),
        ProgressListener.NONE);

    assertThat(Files.readString(knownHosts))
        .contains("[127.0.0.1]:" + server.port())
        .contains(org.apache.sshd.common.config.keys.PublicKeyEntry.toString(server.hostKey()));
  }

  @Test
  void refusesAChangedHostKeyEvenWhenAcceptingNewOnes() throws Exception {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(SshGitServer.newKeyPair().getPublic()));
    String before = main();

    assertThatThrownBy(
            () ->
                promoter.promote(
                    promotion(new GitCredentials.SshKey(clientKey, null, knownHosts, true)),
                    ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("127.0.0.1");
    assertThat(main()).isEqualTo(before);
  }

  @Test
  void refusesAKeyTheServerDoesNotAuthorize() throws Exception {
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));
    Path stranger =
        SshGitServer.writePrivateKey(SshGitServer.newKeyPair(), tmp.resolve("id_stranger"));

    assertThatThrownBy(
            () ->
                promoter.promote(
                    promotion(new GitCredentials.SshKey(stranger, null, knownHosts, false)),
                    ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("cannot fetch");
  }
}
