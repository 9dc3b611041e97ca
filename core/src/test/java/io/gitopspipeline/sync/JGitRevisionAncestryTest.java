package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitRevisionAncestryTest {
  @TempDir Path dir;

  private RevCommit commit(Git git, String file) throws Exception {
    Files.writeString(dir.resolve(file), file);
    git.add().addFilepattern(file).call();
    PersonIdent who = new PersonIdent("Test", "test@example.com");
    return git.commit().setMessage(file).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  @Test
  void aLaterCommitContainsItsAncestorsButNotTheOtherWayRound() throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      RevCommit first = commit(git, "a");
      RevCommit second = commit(git, "b");
      git.checkout().setCreateBranch(true).setName("side").setStartPoint(first).call();
      RevCommit side = commit(git, "c");
      RevisionAncestry ancestry = new JGitRevisionAncestry(git.getRepository());

      assertThat(ancestry.contains(second.name(), first.name())).isTrue();
      assertThat(ancestry.contains(second.name(), first.name().substring(0, 8))).isTrue();
      assertThat(ancestry.contains(first.name(), second.name())).isFalse();
      assertThat(ancestry.contains(side.name(), second.name())).isFalse();
      assertThat(ancestry.contains(second.name(), second.name())).isTrue();
      assertThat(ancestry.contains("f".repeat(40), first.name())).isFalse();
      assertThat(ancestry.contains("6.7.1", first.name())).isFalse();
    }
  }

  @Test
  void drivesTheRegistryToAcceptALaterRevision() throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      RevCommit mine = commit(git, "a");
      RevCommit later = commit(git, "b");
      var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      try (WaitRegistry registry =
          new WaitRegistry(
              new JGitRevisionAncestry(git.getRepository()),
              scheduler,
              java.time.Clock.systemUTC())) {
        Target apps = Target.of("Kustomization", "flux-system", "apps");
        Wait wait =
            registry.register(
                new WaitRequest(
                    "w",
                    mine.name(),
                    java.util.List.of(apps),
                    java.time.Instant.now().plusSeconds(60)),
                WaitListener.NONE);

        registry.accept(
            new SyncEvent("flux", apps, later.name(), Phase.SUCCEEDED, null, "", "", null));

        assertThat(wait.state().outcome()).isEqualTo(WaitOutcome.SUCCEEDED);
      } finally {
        scheduler.shutdownNow();
      }
    }
  }
}
