package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a source tree into scratch space so that an external program (Helm, Kustomize) that
 * follows symbolic links can read nothing outside it: a link to a file inside the tree becomes a
 * copy of that file, every other link (leaving the tree, or to a directory) is left out, and
 * version-control folders are skipped. The one implementation both engines use.
 */
final class ScratchCopy {
  private ScratchCopy() {}

  /**
   * Copies {@code from} to {@code to}.
   *
   * @return the links left out, relative to {@code from}, for the caller to report
   */
  static List<Path> copy(Path from, Path to) throws GitOpsException {
    List<Path> skipped = new ArrayList<>();
    try {
      Path root = from.toRealPath();
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              if (!dir.equals(root) && (name.equals(".git") || name.equals("node_modules"))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              Files.createDirectories(to.resolve(root.relativize(dir).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Path relative = root.relativize(file);
              Path target = to.resolve(relative.toString());
              if (attrs.isSymbolicLink()) {
                Path real = realOrNull(file);
                if (real != null && real.startsWith(root) && Files.isRegularFile(real)) {
                  Files.copy(real, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                  skipped.add(relative);
                }
                return FileVisitResult.CONTINUE;
              }
              if (attrs.isRegularFile()) {
                Files.copy(
                    file, target, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new GitOpsException("could not copy " + from + " to scratch space: " + e.getMessage());
    }
    return List.copyOf(skipped);
  }

  /** A message naming the links left out of a copy of {@code from}; null when there were none. */
  static String describeSkipped(Path from, List<Path> skipped) {
    if (skipped.isEmpty()) {
      return null;
    }
    List<String> names = skipped.stream().limit(10).map(p -> Printable.of(p.toString())).toList();
    return "symbolic links in "
        + from
        + " that leave it or point to a directory were not read: "
        + String.join(", ", names)
        + (skipped.size() > 10 ? " and " + (skipped.size() - 10) + " more" : "");
  }

  private static Path realOrNull(Path link) {
    try {
      return link.toRealPath();
    } catch (IOException e) {
      return null; // a dangling link: nothing to copy
    }
  }
}
