package io.gitopspipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.repo.GitCredentials;
import io.gitopspipeline.repo.HttpGitServer;
import io.gitopspipeline.repo.PromoterSettings;
import io.gitopspipeline.repo.PromotionResult;
import io.gitopspipeline.repo.PushMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History and status over file:// and smart HTTP, with a real merge and a real hand edit. */
class PromotionHistoryTest {
  @TempDir Path tmp;
  private GitOpsRepo repo;
  private String v1;
  private String api1;
  private String v2;
  private String v3;
  private String merge;

  @BeforeEach
  void setUp() throws Exception {
    repo = new GitOpsRepo(tmp);
    v1 = repo.promote("web", "dev", "web:1", "build-1", PushMode.DIRECT).commit();
    api1 = repo.promote("api", "dev", "api:1", "build-a", PushMode.DIRECT).commit();
    v2 = repo.promote("web", "dev", "web:2", "build-2", PushMode.DIRECT).commit();
    PromotionResult proposed = repo.promote("web", "dev", "web:3", "build-3", PushMode.BRANCH);
    v3 = proposed.commit();
    merge = repo.mergePullRequest(proposed.branch());
  }

  private static PromotionHistory history() {
    return new PromotionHistory(PromoterSettings.defaults());
  }

  @Test
  void listsAnEnvironmentsPromotionsNewestFirstWithTheMergedPullRequestAtTheMerge()
      throws Exception {
    List<PromotionRecord> records =
        history()
            .history(
                HistoryQuery.of(repo.url(), "main").forApp("web", "dev"), ProgressListener.NONE);

    assertThat(records).extracting(PromotionRecord::commit).containsExactly(merge, v2, v1);
    PromotionRecord merged = records.get(0);
    assertThat(merged.promotionCommit()).isEqualTo(v3);
    assertThat(merged.arrival()).isEqualTo(Arrival.PULL_REQUEST);
    assertThat(merged.image()).isEqualTo("web:3");
    assertThat(merged.buildUrl()).isEqualTo("build-3");
    assertThat(merged.sourceCommit()).isEqualTo(GitOpsRepo.sha("build-3"));
    assertThat(merged.sourceRepository()).isEqualTo("https://git.example.com/web");
    assertThat(merged.isRollback()).isFalse();
    String mergeTime = repo.run(repo.bare, "log", "-1", "--format=%ct", merge).strip();
    assertThat(merged.time().getEpochSecond()).isEqualTo(Long.parseLong(mergeTime));
    assertThat(records.get(1).arrival()).isEqualTo(Arrival.DIRECT);
    assertThat(records.get(1).promotionCommit()).isEqualTo(v2);
  }

  @Test
  void withoutAnAppListsEveryPromotionAndTheLimitKeepsTheNewest() throws Exception {
    HistoryQuery all = HistoryQuery.of(repo.url(), "main");

    assertThat(history().history(all, ProgressListener.NONE))
        .extracting(PromotionRecord::commit)
        .containsExactly(merge, v2, api1, v1);
    assertThat(history().history(all.withLimit(2), ProgressListener.NONE))
        .extracting(PromotionRecord::commit)
        .containsExactly(merge, v2);
    assertThat(history().history(all.forApp(null, "prod"), ProgressListener.NONE)).isEmpty();
  }

  @Test
  void statusShowsWhatRunsWhereAndFlagsAHandEditSinceTheLastPromotion() throws Exception {
    String edit = repo.editByHand("apps/web/dev/deployment.yaml", "kind: Deployment\nhot: fix\n");

    List<EnvironmentStatus> rows =
        history().status(HistoryQuery.of(repo.url(), "main"), ProgressListener.NONE);

    assertThat(rows).extracting(EnvironmentStatus::app).containsExactly("api", "web");
    EnvironmentStatus api = rows.get(0);
    assertThat(api.current().commit()).isEqualTo(api1);
    assertThat(api.editedByHand()).isFalse();
    EnvironmentStatus web = rows.get(1);
    assertThat(web.path()).isEqualTo("apps/web/dev");
    assertThat(web.current().commit()).isEqualTo(merge);
    assertThat(web.current().image()).isEqualTo("web:3");
    assertThat(web.editedBy()).isEqualTo(edit);
    assertThat(web.editedAt()).isNotNull();
  }

  @Test
  void aHandEditOfAnotherAppDoesNotFlagThisOne() throws Exception {
    repo.editByHand("apps/api/dev/deployment.yaml", "kind: Deployment\nhot: fix\n");

    List<EnvironmentStatus> rows =
        history()
            .status(HistoryQuery.of(repo.url(), "main").forApp("web", null), ProgressListener.NONE);

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).editedByHand()).isFalse();
  }

  @Test
  void readsTheSameHistoryOverSmartHttpColdAndThroughTheCache() throws Exception {
    try (HttpGitServer server = new HttpGitServer(tmp, "reader", "pa55word")) {
      HistoryQuery query =
          HistoryQuery.of(server.url("remote.git"), "main")
              .forApp("web", "dev")
              .withCredentials(
                  new GitCredentials.UsernamePassword("reader", Secret.of("pa55word")));
      PromotionHistory cached =
          new PromotionHistory(PromoterSettings.defaults().withCacheDirectory(tmp.resolve("c")));

      assertThat(history().history(query, ProgressListener.NONE))
          .extracting(PromotionRecord::commit)
          .containsExactly(merge, v2, v1);
      assertThat(cached.history(query, ProgressListener.NONE)).hasSize(3);
      String later = repo.promote("web", "dev", "web:4", "build-4", PushMode.DIRECT).commit();
      assertThat(cached.history(query, ProgressListener.NONE))
          .extracting(PromotionRecord::commit)
          .containsExactly(later, merge, v2, v1);
      assertThat(cached.status(query, ProgressListener.NONE).get(0).current().image())
          .isEqualTo("web:4");
    }
  }

  @Test
  void theCacheGivesTheSameHistoryAfterNewPromotionsAndSurvivesDamage() throws Exception {
    Path cacheDir = tmp.resolve("cache");
    PromotionHistory cached =
        new PromotionHistory(PromoterSettings.defaults().withCacheDirectory(cacheDir));
    HistoryQuery query = HistoryQuery.of(repo.url(), "main").forApp("web", "dev");
    assertThat(cached.history(query, ProgressListener.NONE)).hasSize(3);
    String later = repo.promote("web", "dev", "web:4", "build-4", PushMode.DIRECT).commit();
    repo.promote("api", "dev", "api:2", "build-b", PushMode.DIRECT);

    List<PromotionRecord> again = cached.history(query, ProgressListener.NONE);

    assertThat(again).isEqualTo(history().history(query, ProgressListener.NONE));
    assertThat(again).extracting(PromotionRecord::commit).containsExactly(later, merge, v2, v1);
    assertThat(cached.history(query.withLimit(1), ProgressListener.NONE))
        .extracting(PromotionRecord::commit)
        .containsExactly(later);
    try (var files = java.nio.file.Files.walk(cacheDir.resolve("history-index"))) {
      for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        java.nio.file.Files.writeString(file, "{not json");
      }
    }
    assertThat(cached.history(query, ProgressListener.NONE)).isEqualTo(again);
  }

  @Test
  void badInputIsRefusedNamingThePart() {
    HistoryQuery query = HistoryQuery.of(repo.url(), "main");

    assertThatThrownBy(() -> history().history(query.forApp("../x", null), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("app '../x'");
    assertThatThrownBy(() -> history().history(query.withLimit(0), ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("limit");
    assertThatThrownBy(
            () -> history().history(HistoryQuery.of(repo.url(), "nope"), ProgressListener.NONE))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("branch nope does not exist");
    assertThatThrownBy(
            () ->
                history()
                    .history(
                        HistoryQuery.of(tmp.resolve("missing").toString(), "main"),
                        ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not exist");
  }
}
