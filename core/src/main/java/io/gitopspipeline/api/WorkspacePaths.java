package io.gitopspipeline.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a path a user gave relative to a workspace and refuses one that leaves it: by {@code
 * ..}, by being absolute elsewhere, or through a symbolic link on the way (the real path of what
 * exists of it must stay inside the workspace's real path). Steps that read files to push them
 * somewhere (a git repository, a registry) or write files use it, so a build cannot publish or
 * overwrite files of the machine outside its workspace.
 */
public final class WorkspacePaths {
  private WorkspacePaths() {}

  /**
   * The resolved, normalised path.
   *
   * @param what what the path is, for the error (e.g. {@code from})
   * @throws InvalidInputException when it leaves the workspace or cannot be checked
   */
  public static Path inside(Path workspace, String path, String what) throws InvalidInputException {
    Path root = workspace.toAbsolutePath().normalize();
    Path resolved = root.resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      throw outside(path, what);
    }
    try {
      Path realRoot = root.toRealPath();
      Path existing = resolved;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
        throw outside(path, what);
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          what + " '" + ControlCharacters.escape(path) + "' cannot be checked: " + e.getMessage());
    }
    return resolved;
  }

  private static InvalidInputException outside(String path, String what) {
    return new InvalidInputException(
        what
            + " '"
            + ControlCharacters.escape(path)
            + "' is outside the workspace; give a path inside it (links included)");
  }
}
