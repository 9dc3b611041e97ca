package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Progress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageWalkTest {
  private final FakeTime time = new FakeTime();
  private final List<Integer> asked = new ArrayList<>();
  private final PageWalk walk;

  PageWalkTest() throws GitOpsException {
    walk =
        new PageWalk(
            ProviderType.GITEA,
            RepositoryId.parse(ProviderType.GITEA, "acme/gitops"),
            "open pull requests");
  }

  /** Pages of one item each, the item being the page's number; {@code next} picks the cursor. */
  private PageWalk.PageReader<Integer, Integer> pages(
      java.util.function.IntFunction<Integer> next) {
    return page -> {
      asked.add(page);
      return new PageWalk.Page<>(List.of(page), next.apply(page));
    };
  }

  @Test
  void readsUntilTheProviderSaysThePageIsTheLast() throws GitOpsException {
    PageWalk.Pages<Integer> read =
        walk.readAll(time.context(), 1, pages(p -> p < 3 ? p + 1 : null));

    assertThat(read.items()).containsExactly(1, 2, 3);
    assertThat(read.pagesRead()).isEqualTo(3);
    assertThat(read.complete()).isTrue();
    assertThat(time.progress).isEmpty();
  }

  @Test
  void readsNothingWithoutAFirstPage() throws GitOpsException {
    assertThat(walk.readAll(time.context(), null, pages(p -> p + 1)).items()).isEmpty();
    assertThat(asked).isEmpty();
  }

  @Test
  void stopsAtTheCapAndWarnsWithWhatWasRead() throws GitOpsException {
    PageWalk.Pages<Integer> read = walk.readAll(time.context(), 1, pages(p -> p + 1));

    assertThat(read.items()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(asked).hasSize(PageWalk.MAX_PAGES);
    assertThat(read.complete()).isFalse();
    assertThat(time.progress)
        .extracting(Progress::message)
        .containsExactly(
            "Gitea/Forgejo has more than 10 pages of open pull requests in acme/gitops;"
                + " using the 10 pages read");
  }

  @Test
  void stopsWhenANextCursorPointsBackToAPageAlreadyRead() throws GitOpsException {
    PageWalk.Pages<Integer> read = walk.readAll(time.context(), 1, pages(p -> p == 3 ? 2 : p + 1));

    assertThat(asked).containsExactly(1, 2, 3);
    assertThat(read.complete()).isFalse();
    assertThat(time.progress)
        .extracting(Progress::message)
        .containsExactly(
            "Gitea/Forgejo pointed page 4 of open pull requests in acme/gitops back to a page already"
                + " read; using the 3 pages read");
  }

  @Test
  void findReadsOnlyUntilTheMatch() throws GitOpsException {
    assertThat(walk.find(1, pages(p -> p + 1), item -> item == 4, "x")).contains(4);
    assertThat(asked).containsExactly(1, 2, 3, 4);
  }

  @Test
  void findAnswersNoneOnlyAfterTheLastPage() throws GitOpsException {
    assertThat(walk.find(1, pages(p -> p < 2 ? p + 1 : null), item -> item == 7, "x")).isEmpty();
    assertThat(asked).containsExactly(1, 2);
  }

  @Test
  void findFailsWhenTheWalkIsCutShortBeforeAMatch() {
    assertThatThrownBy(
            () ->
                walk.find(1, pages(p -> p + 1), item -> false, "opening a duplicate pull request"))
        .isInstanceOf(GitOpsException.class)
        .hasMessage(
            "Gitea/Forgejo has more than 10 pages of open pull requests in acme/gitops; read 10 pages"
                + " without a match and stopped rather than risk opening a duplicate pull request");
    assertThat(asked).hasSize(PageWalk.MAX_PAGES);
  }

  @Test
  void findFailsOnACursorThatDoesNotAdvance() {
    assertThatThrownBy(() -> walk.find(1, pages(p -> p), item -> false, "opening a duplicate"))
        .isInstanceOf(GitOpsException.class)
        .hasMessageContaining("pointed page 2 of open pull requests in acme/gitops back to a page")
        .hasMessageContaining("; read 1 page without a match");
    assertThat(asked).containsExactly(1);
  }
}
