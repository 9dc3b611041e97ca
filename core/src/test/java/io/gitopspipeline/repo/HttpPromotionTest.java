package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotions over smart HTTP against JGit's GitServlet, including a failing server. */
class HttpPromotionTest {
  private static final String PASSWORD = "s3cret-token-value";

  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private HttpGitServer server;
  private final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    server = new HttpGitServer(tmp, "deployer", PASSWORD);
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  private Promotion promotion(String url, GitCredentials credentials) {
    Path from = tmp.resolve("rendered");
    GitCli.write(from.resolve("deployment.yaml"), "kind: Deployment\n");
    return Promotion.of(url, "main", "web", "dev", from).withCredentials(credentials);
  }

  private static Promoter promoter(int attempts) {
    return new Promoter(
        new PromoterSettings(
            null,
            null,
            attempts,
            Duration.ofMillis(5),
            Duration.ofMillis(20),
            Duration.ofSeconds(20)));
  }

  private static GitCredentials deployer(String password) {
    return new GitCredentials.UsernamePassword("deployer", Secret.of(password));
  }

  private String main() {
    return git.run(remote, "rev-parse", "main").strip();
  }

  @Test
  void promotesOverSmartHttpWithBasicAuthentication() throws Exception {
    PromotionResult result =
        promoter(3)
            .promote(
                promotion(server.url("remote.git"), deployer(PASSWORD)), ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(result.commit()).isEqualTo(main());
    assertThat(git.run(remote, "show", "main:apps/web/dev/deployment.yaml"))
        .isEqualTo("kind: Deployment\n");
  }

  @Test
  void aWarmPromotionThroughTheCacheFetchesOverHttp() throws Exception {
    Promoter cached =
        new Promoter(PromoterSettings.defaults().withCacheDirectory(tmp.resolve("cache")));
    Promotion first = promotion(server.url("remote.git"), deployer(PASSWORD));
    cached.promote(first, ProgressListener.NONE);

    PromotionResult again = cached.promote(first, ProgressListener.NONE);

    assertThat(again.changed()).isFalse();
    assertThat(again.commit()).isEqualTo(main());
  }

  @Test
  void wrongCredentialsFailClearlyWithoutRevealingThem() {
    String before = main();

    assertThatThrownBy(
            () ->
                promoter(3)
                    .promote(
                        promotion(server.url("remote.git"), deployer("wrong-" + PASSWORD)),
                        ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining(server.url("remote.git"))
        .hasMessageContaining("credentials")
        .hasMessageNotContaining(PASSWORD);
    assertThat(main()).isEqualTo(before);
  }

  @Test
  void aPasswordInTheUrlNeverAppearsInMessages() {
    String url = server.url("missing.git").replace("http://", "http://deployer:" + PASSWORD + "@");

    assertThatThrownBy(
            () -> promoter(1).promote(promotion(url, GitCredentials.NONE), ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedAndItNeverSeesTheCredentials() throws Exception {
    String before = main();
    try (HttpGitServer elsewhere = new HttpGitServer(tmp, "deployer", PASSWORD);
        RedirectingServer origin =
            new RedirectingServer("http://127.0.0.1:" + elsewhere.port(), 302)) {

      assertThatThrownBy(
              () ->
                  promoter(1)
                      .promote(
                          promotion(origin.url("remote.git"), deployer(PASSWORD)),
                          ProgressListener.NONE))
          .isInstanceOf(GitOpsException.class)
          .hasMessageContaining("redirected to http://127.0.0.1:" + elsewhere.port())
          .hasMessageContaining("not its origin")
          .hasMessageNotContaining(PASSWORD);
      assertThat(elsewhere.authorizations()).isEmpty();
    }
    assertThat(main()).isEqualTo(before);
  }

  @Test
  void credentialsInTheUrlAreNotSentAfterAPermanentRedirectElsewhere() throws Exception {
    try (HttpGitServer elsewhere = new HttpGitServer(tmp, "deployer", PASSWORD);
        RedirectingServer origin =
            new RedirectingServer("http://127.0.0.1:" + elsewhere.port(), 301)) {
      String url = origin.url("remote.git").replace("http://", "http://deployer:" + PASSWORD + "@");

      assertThatThrownBy(
              () -> promoter(1).promote(promotion(url, GitCredentials.NONE), ProgressListener.NONE))
          .isInstanceOf(GitOpsException.class)
          .hasMessageContaining("not its origin")
          .hasMessageNotContaining(PASSWORD);
      assertThat(elsewhere.authorizations()).isEmpty();
    }
  }

  @Test
  void aRedirectWithinTheOriginIsFollowedWithTheCredentials() throws Exception {
    server.redirect("old-name.git", "remote.git");

    PromotionResult result =
        promoter(1)
            .promote(
                promotion(server.url("old-name.git"), deployer(PASSWORD)), ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(main()).isEqualTo(result.commit());
  }

  @Test
  void aTokenGivenAsTheUrlUserAuthenticatesAndIsMaskedInMessages() throws Exception {
    try (HttpGitServer tokenServer = new HttpGitServer(tmp, PASSWORD, "")) {
      String url = tokenServer.url("remote.git").replace("http://", "http://" + PASSWORD + "@");

      PromotionResult result =
          promoter(1).promote(promotion(url, GitCredentials.NONE), ProgressListener.NONE);
      assertThat(result.changed()).isTrue();

      String missing =
          tokenServer.url("missing.git").replace("http://", "http://" + PASSWORD + "@");
      assertThatThrownBy(
              () ->
                  promoter(1)
                      .promote(promotion(missing, GitCredentials.NONE), ProgressListener.NONE))
          .isInstanceOf(GitOpsException.class)
          .hasMessageContaining("http://***@127.0.0.1:" + tokenServer.port())
          .hasMessageNotContaining(PASSWORD);
    }
  }

  @Test
  void noCredentialOfTheUrlIsWrittenIntoTheWorkingRepository() throws Exception {
    Path cache = tmp.resolve("cache");
    Promoter cached = new Promoter(PromoterSettings.defaults().withCacheDirectory(cache));
    String url = server.url("remote.git").replace("http://", "http://deployer:" + PASSWORD + "@");

    cached.promote(promotion(url, GitCredentials.NONE), ProgressListener.NONE);

    List<Path> leaking;
    try (var files = java.nio.file.Files.walk(cache)) {
      leaking =
          files
              .filter(java.nio.file.Files::isRegularFile)
              .filter(f -> contains(f, PASSWORD) || contains(f, "deployer"))
              .toList();
    }
    assertThat(leaking).isEmpty();
  }

  @Test
  void aServerRefusalLeavesTheRemoteUnchangedAndSaysWhy() {
    String before = main();
    java.util.concurrent.atomic.AtomicInteger pushes =
        new java.util.concurrent.atomic.AtomicInteger();
    server.preReceive(
        (receive, commands) -> {
          pushes.incrementAndGet();
          commands.forEach(
              c ->
                  c.setResult(
                      ReceiveCommand.Result.REJECTED_OTHER_REASON,
                      "policy: promotions to main need an approval"));
        });

    assertThatThrownBy(
            () ->
                promoter(5)
                    .promote(
                        promotion(server.url("remote.git"), deployer(PASSWORD)),
                        ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("refused to update main")
        .hasMessageContaining("promotions to main need an approval")
        .hasMessageContaining("the remote is unchanged");
    assertThat(main()).isEqualTo(before);
    assertThat(pushes).as("a refusal for good is not retried").hasValue(1);
  }

  @Test
  void aConnectionDroppedMidPushLeavesTheRemoteUnchanged() throws Exception {
    String before = main();
    try (DroppingProxy proxy = new DroppingProxy(server.port())) {
      String url = "http://127.0.0.1:" + proxy.port() + "/git/remote.git";

      assertThatThrownBy(
              () ->
                  promoter(2)
                      .promote(promotion(url, deployer(PASSWORD)), p -> progress.add(p.message())))
          .isInstanceOf(GitOpsException.class)
          .hasMessageContaining("after 2 attempts")
          .hasMessageContaining("left main unchanged");
    }
    assertThat(main()).isEqualTo(before);
    assertThat(git.run(remote, "rev-list", "--count", "main").strip()).isEqualTo("1");
    git.run(remote, "fsck", "--strict");
  }

  @Test
  void aServerSayingTheRefMovedIsAnsweredByReapplyingOnTheNewTip() throws Exception {
    AtomicBoolean interfered = new AtomicBoolean();
    // Another writer wins the race inside the server: our update then fails to lock the ref.
    server.preReceive(
        (receive, commands) -> {
          if (interfered.compareAndSet(false, true)) {
            commitDirectly(remote, "someone else");
          }
        });

    PromotionResult result =
        promoter(5)
            .promote(
                promotion(server.url("remote.git"), deployer(PASSWORD)),
                p -> progress.add(p.message()));

    assertThat(result.commit()).isEqualTo(main());
    assertThat(git.run(remote, "log", "--format=%s", "main").strip().split("\n"))
        .containsExactly("Promote web to dev", "someone else", "Initial commit");
    assertThat(progress).anyMatch(m -> m.contains("moved on the remote"));
  }

  private static boolean contains(Path file, String text) {
    try {
      return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void commitDirectly(Path bare, String message) {
    try (Repository repo = new FileRepository(bare.toFile());
        ObjectInserter inserter = repo.newObjectInserter();
        RevWalk walk = new RevWalk(repo)) {
      ObjectId tip = repo.resolve("refs/heads/main");
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(walk.parseCommit(tip).getTree());
      commit.setParentId(tip);
      PersonIdent person = new PersonIdent("Other", "other@example.com");
      commit.setAuthor(person);
      commit.setCommitter(person);
      commit.setMessage(message + "\n");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      RefUpdate update = repo.updateRef("refs/heads/main");
      update.setNewObjectId(id);
      update.setExpectedOldObjectId(tip);
      assertThat(update.update()).isEqualTo(RefUpdate.Result.FAST_FORWARD);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
