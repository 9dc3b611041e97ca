package io.gitopspipeline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspacePathsTest {
  @TempDir Path tmp;
  private Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(tmp.resolve("ws"));
    Files.createDirectories(workspace.resolve("out/dev"));
    Files.createDirectories(tmp.resolve("secrets"));
  }

  @Test
  void aRelativePathInsideResolvesAgainstTheWorkspace() throws Exception {
    assertThat(WorkspacePaths.inside(workspace, "out/dev", "from"))
        .isEqualTo(workspace.resolve("out/dev"));
    assertThat(WorkspacePaths.inside(workspace, "out/./dev/../dev", "from"))
        .isEqualTo(workspace.resolve("out/dev"));
  }

  @Test
  void aPathThatDoesNotExistYetIsCheckedThroughItsExistingParent() throws Exception {
    assertThat(WorkspacePaths.inside(workspace, "rendered/new/dir", "out"))
        .isEqualTo(workspace.resolve("rendered/new/dir"));
  }

  @Test
  void anAbsolutePathInsideTheWorkspaceIsAccepted() throws Exception {
    String absolute = workspace.resolve("out").toAbsolutePath().toString();

    assertThat(WorkspacePaths.inside(workspace, absolute, "from"))
        .isEqualTo(workspace.resolve("out"));
  }

  @Test
  void dotDotAndAbsolutePathsElsewhereAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "../secrets", "from"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "from '../secrets' is outside the workspace; give a path inside it (links included)");
    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "/etc", "directory"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("directory '/etc' is outside the workspace");
  }

  @Test
  void aLinkLeadingOutOfTheWorkspaceIsRefusedEvenBelowIt() throws Exception {
    Files.createSymbolicLink(workspace.resolve("escape"), tmp.resolve("secrets"));

    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "escape", "from"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("outside the workspace");
    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "escape/not-yet", "out"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("outside the workspace");
  }

  @Test
  void aWorkspaceReachedThroughALinkStillAcceptsItsOwnPaths() throws Exception {
    Path linked = Files.createSymbolicLink(tmp.resolve("ws-link"), workspace);

    assertThat(WorkspacePaths.inside(linked, "out/dev", "from"))
        .isEqualTo(linked.resolve("out/dev"));
  }

  @Test
  void controlCharactersInTheRefusedPathAreEscaped() {
    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "../\u001b[31mx", "from"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
  }

  @Test
  void aDanglingLinkIsRefusedSinceWritingThroughItWouldCreateItsTargetOutside() throws Exception {
    Path target = tmp.resolve("secrets/created-by-the-build");
    Files.createSymbolicLink(workspace.resolve("out/dangling"), target);

    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "out/dangling", "out"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "out 'out/dangling' leads through a link to nothing (out/dangling); give a path inside"
                + " the workspace without it");
    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "out/dangling/x", "out"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("link to nothing");
    assertThat(target).doesNotExist();
  }

  @Test
  void aPathTheFileSystemCannotNameIsBadInputNotACrash() {
    assertThatThrownBy(() -> WorkspacePaths.inside(workspace, "out/a\u0000b", "from"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("from 'out/a")
        .hasMessageContaining("is not a valid path");
  }
}
