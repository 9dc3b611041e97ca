package io.gitopspipeline.repo;

import io.gitopspipeline.render.SecretRedactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * The unified diff between two trees, as {@code git diff} prints it, cut at a size: reviewers read
 * it in the pull request, whose providers cap bodies far below what a large rendering produces. A
 * file holding a Secret is diffed with its values hidden on both sides ({@link SecretRedactor}):
 * keys stay reviewable, values never reach a pull request.
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
      for (DiffEntry entry : formatter.scan(oldTree, newTree)) {
        String before = text(reader, entry.getOldId());
        String after = text(reader, entry.getNewId());
        String hiddenBefore = before == null ? null : SecretRedactor.redact(before);
        String hiddenAfter = after == null ? null : SecretRedactor.redact(after);
        if (before == null
            || after == null
            || (hiddenBefore.equals(before) && hiddenAfter.equals(after))) {
          formatter.format(entry);
          continue;
        }
        formatter.flush();
        String oldPath =
            entry.getChangeType() == DiffEntry.ChangeType.ADD ? null : entry.getOldPath();
        String newPath =
            entry.getChangeType() == DiffEntry.ChangeType.DELETE ? null : entry.getNewPath();
        String name = newPath != null ? newPath : oldPath;
        StringBuilder header = new StringBuilder();
        header.append("diff --git a/").append(oldPath != null ? oldPath : name);
        header.append(" b/").append(name).append('\n');
        header.append("--- ").append(oldPath == null ? "/dev/null" : "a/" + oldPath).append('\n');
        header.append("+++ ").append(newPath == null ? "/dev/null" : "b/" + newPath).append('\n');
        out.write(header.toString().getBytes(StandardCharsets.UTF_8));
        RawText a = new RawText(hiddenBefore.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(hiddenAfter.getBytes(StandardCharsets.UTF_8));
        EditList edits =
            DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        if (edits.isEmpty()) {
          out.write(
              "@@ only Secret values changed; they are not shown @@\n"
                  .getBytes(StandardCharsets.UTF_8));
        } else {
          formatter.format(edits, a, b);
          formatter.flush();
        }
      }
      formatter.flush();
    }
    return out.text();
  }

  /**
   * A blob's text, empty for the missing side of an added or removed file, null when too large to
   * hold (such a file is not a manifest anyone renders, and is diffed as it is).
   */
  private static String text(ObjectReader reader, AbbreviatedObjectId id) throws IOException {
    if (id == null || id.toObjectId().equals(ObjectId.zeroId())) {
      return "";
    }
    try {
      return new String(reader.open(id.toObjectId()).getBytes(), StandardCharsets.UTF_8);
    } catch (org.eclipse.jgit.errors.LargeObjectException e) {
      return null;
    }
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
