package io.gitopspipeline.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gitopspipeline.api.GitOpsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** An artifact's layer comes from a registry: untrusted bytes. */
class TarballFuzzTest {
  private static final Tarball.Limits LIMITS = new Tarball.Limits(64 * 1024, 100);

  /**
   * Any tar either reads into entries that are safe to write (relative, no '..', within the limits)
   * or is refused with the reader's own message; nothing else escapes.
   */
  @FuzzTest(maxDuration = "30s")
  void readerReturnsSafeEntriesOrItsOwnRefusal(FuzzedDataProvider data) throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(data.consumeRemainingAsBytes());
    }
    List<Tarball.Entry> entries;
    try {
      entries = Tarball.read(gz.toByteArray(), LIMITS);
    } catch (GitOpsException expected) {
      assertThat(expected.getMessage()).startsWith("refusing the artifact's content: ");
      return;
    }
    long total = 0;
    for (Tarball.Entry e : entries) {
      assertThat(e.path()).doesNotStartWith("/").doesNotContain("\\").doesNotContain("\0");
      assertThat(List.of(e.path().split("/", -1))).doesNotContain("..", ".", "");
      total += e.content().length;
    }
    assertThat(total).isLessThanOrEqualTo(LIMITS.maxBytes());
    assertThat(entries.size()).isLessThanOrEqualTo(LIMITS.maxEntries());
  }
}
