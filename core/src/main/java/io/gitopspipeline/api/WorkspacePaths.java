package io.gitopspipeline.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
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
    Path resolved;
    try {
      resolved = root.resolve(path).normalize();
    } catch (InvalidPathException e) {
      throw new InvalidInputException(
          what + " '" + ControlCharacters.escape(path) + "' is not a valid path: " + e.getReason());
    }
    if (!resolved.startsWith(root)) {
      throw outside(path, what);
    }
    try {
      Path realRoot = root.toRealPath();
      Path existing = resolved;
      // A link counts as existing even when it points nowhere: writing through a dangling link
      // creates its target, which may lie outside.
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing != null && !Files.exists(existing)) {
        throw new InvalidInputException(
            what
                + " '"
                + ControlCharacters.escape(path)
                + "' leads through a link to nothing ("
                + ControlCharacters.escape(root.relativize(existing).toString())
                + "); give a path inside the workspace without it");
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
