package io.gitopspipeline.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Copies test resources into a temporary directory and writes small files for tests. */
final class RenderFixtures {
  private RenderFixtures() {}

  /** Copies the resource directory {@code render/<name>} into {@code target}. */
  static Path copy(String name, Path target) {
    try {
      Path from = Path.of(RenderFixtures.class.getResource("/render/" + name).toURI());
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
          Path to = target.resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.createDirectories(to.getParent());
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path write(Path dir, String relative, String text) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = RenderFixtures.class.getResourceAsStream("/render/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Object at(Manifest manifest, String... path) {
    Object current = manifest.content();
    for (String key : path) {
      current = ((Map<String, Object>) current).get(key);
    }
    return current;
  }
}
