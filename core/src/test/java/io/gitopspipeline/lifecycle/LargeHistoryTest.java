package io.gitopspipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.testing.TestTools;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 5,000-commit repository built with git fast-import: history agrees with git log. */
class LargeHistoryTest {
  private static final int COMMITS = 5_000;
  private static final int APPS = 10;

  @TempDir Path tmp;

  @Test
  void historyOfFiveThousandCommitsAgreesWithGitLogAndSkipsHandEdits() throws Exception {
    GitOpsRepo repo = new GitOpsRepo(tmp);
    Process importer =
        new ProcessBuilder(
                TestTools.require("git").toString(),
                "-C",
                repo.bare.toString(),
                "fast-import",
                "--quiet")
            .redirectErrorStream(true)
            .start();
    try (OutputStream out = new BufferedOutputStream(importer.getOutputStream(), 1 << 16)) {
      for (int c = 0; c < COMMITS; c++) {
        int app = c % APPS;
        boolean byHand = c % 97 == 0; // now and then a commit without trailers
        String message =
            byHand
                ? "Hotfix " + c + "\n"
                : "Promote a"
                    + app
                    + " to dev\n\nGitOps-App: a"
                    + app
                    + "\nGitOps-Environment: dev\nGitOps-Image: a"
                    + app
                    + ":"
                    + c
                    + "\n";
        String content = "version: " + c + "\n";
        StringBuilder commit = new StringBuilder("commit refs/heads/main\n");
        commit.append("committer T <t@example.com> ").append(1_700_000_000L + c).append(" +0000\n");
        commit.append("data ").append(message.getBytes(StandardCharsets.UTF_8).length).append('\n');
        commit.append(message);
        if (c == 0) {
          commit.append("from refs/heads/main^0\n");
        }
        commit.append("M 100644 inline apps/a").append(app).append("/dev/deployment.yaml\n");
        commit.append("data ").append(content.length()).append('\n').append(content).append('\n');
        out.write(commit.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
    String importOutput =
        new String(importer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(importer.waitFor()).as(importOutput).isZero();

    List<PromotionRecord> records =
        new PromotionHistory(PromoterSettings.defaults())
            .history(
                HistoryQuery.of(repo.url(), "main").forApp("a3", "dev"), ProgressListener.NONE);

    List<String> touching =
        Arrays.asList(
            repo.run(repo.bare, "log", "--format=%H", "main", "--", "apps/a3/dev").split("\n"));
    List<String> promotions =
        Arrays.stream(
                repo.run(
                        repo.bare,
                        "log",
                        "--format=%H %(trailers:key=GitOps-App,valueonly,separator=)",
                        "main",
                        "--",
                        "apps/a3/dev")
                    .split("\n"))
            .filter(line -> line.endsWith(" a3"))
            .map(line -> line.substring(0, 40))
            .toList();
    assertThat(touching).hasSize(COMMITS / APPS);
    assertThat(promotions).hasSizeLessThan(touching.size()); // the hand edits
    assertThat(records).extracting(PromotionRecord::commit).isEqualTo(promotions);
    assertThat(records.get(0).image()).isEqualTo("a3:4993");
  }
}
