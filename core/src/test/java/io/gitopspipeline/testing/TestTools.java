package io.gitopspipeline.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the external programs some tests run (helm, kubectl, docker-registry, skopeo, git). {@code
 * scripts/install-test-tools.sh} puts them in a tools folder; tests find it through the system
 * property {@code gitops.testTools} or the environment variable {@code GITOPS_TEST_TOOLS}, and fall
 * back to the {@code PATH}.
 *
 * <p>When a tool is missing, the test fails in CI ({@code CI=true}), where the install script
 * always runs, and is skipped with the reason elsewhere.
 */
public final class TestTools {
  private TestTools() {}

  /** The tool's executable, or a failed/aborted test explaining how to install it. */
  public static Path require(String name) {
    Path found = find(name);
    if (found != null) {
      return found;
    }
    String reason =
        "test tool '"
            + name
            + "' not found in "
            + toolsDirectory()
            + " or on PATH; run scripts/install-test-tools.sh (as root) to install it";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(reason);
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  /** The tools folder the install script fills. */
  public static Path toolsDirectory() {
    // The environment wins: the build always sets the property (to its default when not given).
    String configured = System.getenv("GITOPS_TEST_TOOLS");
    if (configured == null || configured.isBlank()) {
      configured = System.getProperty("gitops.testTools");
    }
    if (configured == null || configured.isBlank()) {
      configured = ".tools";
    }
    return Path.of(configured).toAbsolutePath();
  }

  private static Path find(String name) {
    for (Path dir : List.of(toolsDirectory(), toolsDirectory().resolve("bin"))) {
      Path candidate = dir.resolve(name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
