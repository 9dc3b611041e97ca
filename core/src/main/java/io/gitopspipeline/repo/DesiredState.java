package io.gitopspipeline.repo;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.render.SecretGuard;
import io.gitopspipeline.render.SecretPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the promoted part of the tree must look like: every file by repository path, and the
 * directories that are owned (made to equal their source exactly, so files missing from the source
 * are removed).
 */
record DesiredState(Map<String, Path> files, List<String> ownedDirectories) {
  static final int MAX_FILES = 50_000;
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  static DesiredState read(Promotion promotion, String target) throws InvalidInputException {
    Map<String, Path> files = new TreeMap<>();
    List<String> owned = new ArrayList<>();
    Path rendered = promotion.renderedDirectory();
    if (!Files.isDirectory(rendered)) {
      throw new InvalidInputException(
          "rendered directory '" + rendered + "' does not exist or is not a directory");
    }
    addDirectory(rendered, target, files);
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "rendered directory '"
              + rendered
              + "' holds no files; refusing to empty '"
              + target
              + "' in the GitOps repository");
    }
    owned.add(target);
    for (ExtraFiles extra : promotion.extraFiles()) {
      String extraTarget =
          RepoPaths.render(
              "extra files target", extra.target(), promotion.app(), promotion.environment());
      if (Files.isDirectory(extra.source(), LinkOption.NOFOLLOW_LINKS)) {
        addDirectory(extra.source(), extraTarget, files);
        owned.add(extraTarget);
      } else if (Files.isRegularFile(extra.source(), LinkOption.NOFOLLOW_LINKS)) {
        checkSize(extra.source());
        files.put(extraTarget, extra.source());
      } else {
        throw new InvalidInputException(
            "extra files source '" + extra.source() + "' is not a regular file or directory");
      }
    }
    for (String a : owned) {
      for (String b : owned) {
        if (!a.equals(b) && RepoPaths.isUnder(b, a)) {
          throw new InvalidInputException(
              "extra files target '" + b + "' lies inside '" + a + "'; use separate directories");
        }
      }
    }
    checkSecrets(files, promotion.secrets());
    return new DesiredState(files, List.copyOf(owned));
  }

  /**
   * Refuses files holding a plaintext Secret the policy does not allow: whatever is committed stays
   * in the repository's history, so the check runs before anything is written.
   */
  private static void checkSecrets(Map<String, Path> files, SecretPolicy policy)
      throws InvalidInputException {
    if (policy.allowPlain()) {
      return;
    }
    List<SecretGuard.Finding> found = new ArrayList<>();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      String name = file.getKey();
      if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"))) {
        continue;
      }
      try {
        String text = new String(Files.readAllBytes(file.getValue()), StandardCharsets.UTF_8);
        found.addAll(SecretGuard.findings(text, name, policy));
      } catch (IOException e) {
        throw new InvalidInputException(
            "could not read " + file.getValue() + ": " + e.getMessage());
      }
    }
    if (!found.isEmpty()) {
      throw SecretGuard.refusal(found);
    }
  }

  boolean owns(String path) {
    for (String dir : ownedDirectories) {
      if (RepoPaths.isUnder(path, dir)) {
        return true;
      }
    }
    return files.containsKey(path);
  }

  private static void addDirectory(Path root, String target, Map<String, Path> files)
      throws InvalidInputException {
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (!attrs.isRegularFile()) {
                throw new UncheckedInvalidInput(
                    new InvalidInputException(
                        "'"
                            + file
                            + "' is not a regular file (symbolic link or device); promote copies"
                            + " regular files only"));
              }
              try {
                checkSize(file);
                String relative = root.relativize(file).toString().replace('\\', '/');
                files.put(RepoPaths.relative("rendered file", target + "/" + relative), file);
                if (files.size() > MAX_FILES) {
                  throw new InvalidInputException(
                      "more than " + MAX_FILES + " files to promote; check the rendered directory");
                }
              } catch (InvalidInputException e) {
                throw new UncheckedInvalidInput(e);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (UncheckedInvalidInput e) {
      throw e.getCause();
    } catch (IOException e) {
      throw new InvalidInputException("cannot read '" + root + "': " + e.getMessage(), e);
    }
  }

  private static void checkSize(Path file) throws InvalidInputException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidInputException(
            "'" + file + "' is larger than " + (MAX_FILE_BYTES >> 20) + " MiB; not a manifest?");
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  /** Carries an {@link InvalidInputException} out of a file visitor. */
  private static final class UncheckedInvalidInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedInvalidInput(InvalidInputException cause) {
      super(cause);
    }

    @Override
    public synchronized InvalidInputException getCause() {
      return (InvalidInputException) super.getCause();
    }
  }
}
