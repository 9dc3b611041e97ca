package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.testing.TestTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real git CLI on the server side (git receive-pack over SSH, with hooks): its own refusal and
 * race messages must be understood, and a refused push must leave the branch where it was.
 */
class GitCliServerPromotionTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private SshGitServer server;
  private GitCredentials credentials;
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final Promoter promoter =
      new Promoter(
          new PromoterSettings(
              null, null, 4, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(30)));

  @BeforeEach
  void setUp() throws Exception {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    KeyPair client = SshGitServer.newKeyPair();
    Path key = SshGitServer.writePrivateKey(client, tmp.resolve("id_ecdsa"));
    server = SshGitServer.runningGitCli(TestTools.require("git"), client.getPublic());
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(server.hostKey()));
    credentials = new GitCredentials.SshKey(key, null, knownHosts, false);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  private Promotion promotion() {
    Path from = tmp.resolve("rendered");
    GitCli.write(from.resolve("deployment.yaml"), "kind: Deployment\n");
    return Promotion.of("ssh://git@127.0.0.1:" + server.port() + remote, "main", "web", "dev", from)
        .withCredentials(credentials);
  }

  private void hook(String script) throws Exception {
    Path hook = remote.resolve("hooks/pre-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String main() {
    return git.run(remote, "rev-parse", "main").strip();
  }

  @Test
  void promotesThroughGitReceivePack() throws Exception {
    PromotionResult result = promoter.promote(promotion(), p -> progress.add(p.message()));

    assertThat(result.commit()).isEqualTo(main());
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void aHookRefusalIsReportedWithTheServersWordsAndNotRetried() throws Exception {
    String before = main();
    hook("echo \"policy: main is frozen\" >&2\necho x >> \"$GIT_DIR/hook-runs\"\nexit 1\n");

    assertThatThrownBy(() -> promoter.promote(promotion(), p -> progress.add(p.message())))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("refused to update main")
        .hasMessageContaining("pre-receive hook declined")
        .hasMessageContaining("the remote is unchanged");
    assertThat(main()).isEqualTo(before);
    assertThat(Files.readAllLines(remote.resolve("hook-runs"))).hasSize(1);
  }

  @Test
  void gitsCannotLockRefIsAnsweredByReapplyingOnTheNewTip() throws Exception {
    // The first push loses a race inside the server: the hook moves main first, so git's own
    // compare-and-swap of the ref fails ("cannot lock ref ... but expected ...").
    hook(
        """
        if [ ! -e "$GIT_DIR/raced" ]; then
          touch "$GIT_DIR/raced"
          unset GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
          tree=$(git rev-parse 'main^{tree}')
          commit=$(GIT_AUTHOR_NAME=o GIT_AUTHOR_EMAIL=o@x GIT_COMMITTER_NAME=o \\
            GIT_COMMITTER_EMAIL=o@x git commit-tree "$tree" -p main -m 'someone else')
          git update-ref refs/heads/main "$commit"
        fi
        exit 0
        """);

    PromotionResult result = promoter.promote(promotion(), p -> progress.add(p.message()));

    assertThat(result.commit()).isEqualTo(main());
    assertThat(git.run(remote, "log", "--format=%s", "main").strip().split("\n"))
        .containsExactly("Promote web to dev", "someone else", "Initial commit");
    assertThat(progress).anyMatch(m -> m.contains("moved on the remote"));
  }
}
