package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepoPathsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "apps/.git/x",
        "apps/.GIT/x",
        "apps/git~1/x",
        "apps/GIT~1/x",
        "apps/.git /x",
        "apps/.git./x",
        "apps/.git . ./x",
        "apps/.g\u200cit/x",
        "apps/\ufeff.git/x",
        "apps/.git::$INDEX_ALLOCATION/x",
        "apps/.gitmodules/x",
        "apps/.GitModules",
        "apps/.gitmodules ./x",
        "apps/gitmod~1/x",
        "apps/GITMOD~4",
        "apps/gi7eba~9/x",
        "apps/.git\u200dmodules/x",
        "apps/.gitattributes/x",
        "apps/gitatt~1/x",
        "apps/gi7d29~1/x",
        "apps/.gitattributes. /x",
        "apps/.gitatt\u206aributes",
        "apps/con/x",
        "apps/a:b/x",
      })
  void aTemplateNamingGitsOwnFilesIsRefusedAsInvalidInput(String template) {
    assertThatThrownBy(() -> RepoPaths.render("path template", template, "web", "dev"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("path template '")
        .hasMessageContaining("invalid segment")
        .hasMessageNotContaining("\u200c")
        .hasMessageNotContaining("\ufeff");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "apps/{app}/{env}",
        "apps/.github/x",
        "apps/gitmodules/x",
        "apps/.gitmodules-old/x",
        "apps/git~2/x",
        "apps/gitmod~5/x",
        "apps/.gitignore/x",
        "apps/my.git.repo/x",
        "apps/gi7eba/x",
      })
  void ordinaryNamesCloseToGitsOwnAreAccepted(String template) throws Exception {
    assertThat(RepoPaths.render("path template", template, "web", "dev")).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {".gitattributes", ".gitmodules", "x/.gitattributes"})
  void aRenderedFileMayBeNamedLikeGitsOwnFiles(String file) throws Exception {
    assertThat(RepoPaths.relative("rendered file", "apps/web/dev/" + file))
        .isEqualTo("apps/web/dev/" + file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"x/.git/y", "x/git~1", ".gitmodules/y", "gitatt~1/y"})
  void aRenderedFileInsideGitsOwnNamesIsRefused(String file) {
    assertThatThrownBy(() -> RepoPaths.relative("rendered file", "apps/web/dev/" + file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("rendered file 'apps/web/dev/");
  }
}
