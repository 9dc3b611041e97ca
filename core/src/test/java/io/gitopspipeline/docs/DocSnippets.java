package io.gitopspipeline.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The fenced YAML blocks of the project's Markdown documentation, located from the build. */
final class DocSnippets {
  private DocSnippets() {}

  /**
   * One fenced {@code yaml} block.
   *
   * @param file the Markdown file, relative to the project root
   * @param line the line of the opening fence (1-based)
   * @param text the block's content
   */
  record Snippet(String file, int line, String text) {
    /** {@code docs/sync.md:123}, for messages. */
    String where() {
      return file + ":" + line;
    }

    /** Every YAML document of the block, parsed (null documents skipped). */
    List<Object> documents() {
      Load load = new Load(LoadSettings.builder().setLabel(where()).build());
      List<Object> documents = new ArrayList<>();
      for (Object document : load.loadAllFromString(text)) {
        if (document != null) {
          documents.add(document);
        }
      }
      return documents;
    }
  }

  /** The project root: the nearest directory upwards holding {@code docs/webhooks.md}. */
  static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docs/webhooks.md"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docs/webhooks.md above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  /**
   * The shared data folder: {@code -Dgitops.shared.dir} or {@code GITOPS_SHARED_DIR}, else {@code
   * ../shared} beside the project (where CI checks it out).
   */
  static Path sharedDir() {
    String configured = System.getProperty("gitops.shared.dir", System.getenv("GITOPS_SHARED_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return projectRoot().resolveSibling("shared");
  }

  /** Every {@code ```yaml} block of every Markdown file under {@code docs/}. */
  static List<Snippet> yamlBlocks() {
    Path root = projectRoot();
    List<Snippet> snippets = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        snippets.addAll(yamlBlocks(root.relativize(file).toString(), Files.readAllLines(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return snippets;
  }

  static List<Snippet> yamlBlocks(String name, List<String> lines) {
    List<Snippet> snippets = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```yaml")) {
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        text.append(lines.get(i)).append('\n');
      }
      snippets.add(new Snippet(name, start + 1, text.toString()));
    }
    return snippets;
  }
}
