package io.gitopspipeline.render;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory of rendered manifests: {@code <dir>/<namespace>/<file>.yaml}. Writing replaces the
 * previous render (its stale files are removed, nothing else is touched) and never writes outside
 * the directory: every path is checked after resolution and links are neither followed nor written
 * through.
 */
final class OutputDirectory {
  private OutputDirectory() {}

  /** The manifests a previous render left: relative path to bytes. */
  static Map<String, byte[]> read(Path dir) throws GitOpsException {
    Map<String, byte[]> files = new TreeMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> namespaces = Files.newDirectoryStream(dir)) {
      for (Path ns : namespaces) {
        if (!Files.isDirectory(ns, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> yamls = Files.newDirectoryStream(ns, "*.yaml")) {
          for (Path file : yamls) {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
              files.put(ns.getFileName() + "/" + file.getFileName(), Files.readAllBytes(file));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new GitOpsException(
          "could not read the previous output in " + dir + ": " + e.getMessage());
    }
    return files;
  }

  static RenderSummary.Changes compare(
      Map<String, byte[]> previous, Map<String, String> current, Path compared) {
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> secretDataOnly = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<String, String> file : new TreeMap<>(current).entrySet()) {
      byte[] before = previous.get(file.getKey());
      if (before == null) {
        added.add(file.getKey());
      } else if (Arrays.equals(before, file.getValue().getBytes(StandardCharsets.UTF_8))) {
        unchanged++;
      } else if (SecretRedactor.onlySecretDataDiffers(
          new String(before, StandardCharsets.UTF_8), file.getValue())) {
        secretDataOnly.add(file.getKey());
      } else {
        changed.add(file.getKey());
      }
    }
    for (String path : previous.keySet()) {
      if (!current.containsKey(path)) {
        removed.add(path);
      }
    }
    return new RenderSummary.Changes(
        compared == null ? null : compared.toString(),
        added,
        changed,
        removed,
        unchanged,
        secretDataOnly);
  }

  /** Writes {@code files} into {@code dir}, removing what the previous render left there. */
  static void write(Path dir, Map<String, String> files) throws GitOpsException {
    try {
      if (Files.isSymbolicLink(dir)) {
        throw new InvalidInputException(
            "output directory " + dir + " is a symbolic link; give the real path");
      }
      Files.createDirectories(dir);
      Path root = dir.toRealPath();
      Map<String, byte[]> previous = read(dir);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = safeTarget(root, file.getKey());
        Files.createDirectories(target.getParent());
        if (!target.getParent().toRealPath().equals(target.getParent())) {
          throw new InvalidInputException(
              "output folder " + target.getParent() + " is a link; refusing to write through it");
        }
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        byte[] before = previous.get(file.getKey());
        if (before != null && Arrays.equals(before, bytes)) {
          continue; // unchanged: keep the file (and its timestamp) as it is
        }
        Path temp = Files.createTempFile(target.getParent(), ".render-", ".tmp");
        Files.write(temp, bytes);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      for (String stale : previous.keySet()) {
        if (!files.containsKey(stale)) {
          Path target = safeTarget(root, stale);
          Files.deleteIfExists(target);
          try (DirectoryStream<Path> left = Files.newDirectoryStream(target.getParent())) {
            if (!left.iterator().hasNext()) {
              Files.delete(target.getParent());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new GitOpsException("could not write manifests to " + dir + ": " + e.getMessage());
    }
  }

  /** The file for a relative path, refusing anything that would land outside {@code root}. */
  static Path safeTarget(Path root, String relative) throws InvalidInputException {
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root)
        || target.equals(root)
        || relative.contains("\\")
        || Path.of(relative).isAbsolute()) {
      throw new InvalidInputException(
          "output path '" + relative + "' would leave the output directory; refusing to write it");
    }
    return target;
  }
}
