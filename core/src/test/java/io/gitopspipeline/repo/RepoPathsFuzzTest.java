package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.InvalidInputException;
import java.nio.file.Path;

/** Path templates and commit message templates come from users and pipelines: fuzz them. */
class RepoPathsFuzzTest {
  private static final Path ROOT = Path.of("/repository");

  @FuzzTest
  void aRenderedPathNeverLeavesTheRepositoryOrTouchesGitMetadata(FuzzedDataProvider data) {
    String app = data.consumeString(20);
    String env = data.consumeString(20);
    String template = data.consumeRemainingAsString();
    try {
      String path =
          RepoPaths.render(
              "path template",
              template,
              RepoPaths.name("app", app),
              RepoPaths.name("environment", env));
      assertThat(path).isNotEmpty().doesNotStartWith("/").doesNotContain("\\");
      assertThat(ROOT.resolve(path).normalize()).startsWith(ROOT).isNotEqualTo(ROOT);
      for (String segment : path.split("/", -1)) {
        assertThat(segment).isNotEmpty().isNotEqualTo("..").isNotEqualTo(".");
        assertThat(segment.toLowerCase(java.util.Locale.ROOT)).isNotEqualTo(".git");
      }
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest
  void aCommitMessageAlwaysEndsWithWellFormedTrailers(FuzzedDataProvider data) {
    Promotion promotion =
        Promotion.of("/tmp/x", "main", "web", "dev", Path.of("/tmp/rendered"))
            .withSource(
                new SourceInfo(
                    data.consumeString(40), data.consumeString(40), data.consumeString(40), null))
            .withMessageTemplate(data.consumeRemainingAsString());
    try {
      String message = CommitMessage.build(promotion);
      String[] blocks = message.split("\n\n");
      String trailers = blocks[blocks.length - 1];
      assertThat(trailers).startsWith("GitOps-App: web\nGitOps-Environment: dev\n");
      for (String line : trailers.split("\n")) {
        assertThat(line).matches("GitOps-[A-Za-z-]+: .*");
      }
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
