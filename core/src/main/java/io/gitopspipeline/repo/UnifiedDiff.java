package io.gitopspipeline.repo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The unified diff between two trees, as {@code git diff} prints it, cut at a size: reviewers read
 * it in the pull request, whose providers cap bodies far below what a large rendering produces.
 */
final class UnifiedDiff {
  /** Enough for a readable review; the PR body builder cuts further per provider. */
  static final int MAX_BYTES = 256 * 1024;

  private UnifiedDiff() {}

  static String between(ObjectReader reader, AnyObjectId oldTree, AnyObjectId newTree)
      throws IOException {
    CappedStream out = new CappedStream(MAX_BYTES);
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setReader(reader, new Config());
      formatter.format(oldTree, newTree);
      formatter.flush();
    }
    return out.text();
  }

  /** Keeps the first {@code max} bytes, ending at a line, and notes that the rest was cut. */
  private static final class CappedStream extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int max;
    private long dropped;

    CappedStream(int max) {
      this.max = max;
    }

    @Override
    public void write(int b) {
      if (kept.size() < max) {
        kept.write(b);
      } else {
        dropped++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int room = Math.max(0, Math.min(len, max - kept.size()));
      kept.write(b, off, room);
      dropped += len - room;
    }

    String text() {
      String text = kept.toString(StandardCharsets.UTF_8);
      if (dropped == 0) {
        return text;
      }
      int lastLine = text.lastIndexOf('\n');
      return text.substring(0, lastLine + 1)
          + "... (diff cut at "
          + (max / 1024)
          + " KiB; "
          + (dropped + text.length() - lastLine - 1)
          + " more bytes)\n";
    }
  }
}
