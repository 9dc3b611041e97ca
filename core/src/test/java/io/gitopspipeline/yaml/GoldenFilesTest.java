package io.gitopspipeline.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-world-shaped YAML under {@code yaml/golden/<case>/}: {@code input.yaml}, the edits in {@code
 * edits.tsv} ({@code [@DOCUMENT<TAB>][+]PATH<TAB>VALUE}, {@code +} creates, {@code \n} in values is
 * a line break) and the exact bytes expected after them in {@code expected.yaml}.
 */
class GoldenFilesTest {
  private final YamlEditor editor = new YamlEditor();

  @TempDir Path dir;

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(GoldenFilesTest.class.getResource("/yaml/golden").toURI());
    try (Stream<Path> list = Files.list(root)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  private static Path golden(String name) throws URISyntaxException {
    return Path.of(GoldenFilesTest.class.getResource("/yaml/golden/" + name).toURI());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void editsChangeExactlyTheExpectedBytes(String name) throws Exception {
    Path file = dir.resolve("input.yaml");
    Files.copy(golden(name).resolve("input.yaml"), file);

    for (String line : Files.readAllLines(golden(name).resolve("edits.tsv"))) {
      String[] columns = line.split("\t", -1);
      String document = null;
      int c = 0;
      if (columns[0].startsWith("@")) {
        document = columns[0].substring(1);
        c = 1;
      }
      String path = columns[c];
      boolean create = path.startsWith("+");
      String value = unescape(columns[c + 1]);
      FileEdit edit =
          editor.set(
              file,
              document,
              List.of(new ValueUpdate(create ? path.substring(1) : path, value, create)));
      assertThat(edit.changes()).as(line).hasSize(1);
      editor.write(edit);
    }

    if (Boolean.getBoolean("golden.update")) {
      // -Dgolden.update=true rewrites the expected files in the source tree, for review in git
      Files.copy(
          file,
          Path.of("src/test/resources/yaml/golden", name, "expected.yaml"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    byte[] expected = Files.readAllBytes(golden(name).resolve("expected.yaml"));
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '\\' && i + 1 < value.length()) {
        char next = value.charAt(++i);
        out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
