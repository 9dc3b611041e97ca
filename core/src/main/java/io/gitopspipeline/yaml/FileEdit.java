package io.gitopspipeline.yaml;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The planned edit of one file: what it held, what it will hold, and which values change. Nothing
 * is written until {@link YamlEditor#write(FileEdit)}; a dry run just shows {@link #unifiedDiff()}.
 */
public final class FileEdit {
  private final Path path;
  private final byte[] original;
  private final byte[] updated;
  private final List<Change> changes;

  FileEdit(Path path, byte[] original, byte[] updated, List<Change> changes) {
    this.path = Objects.requireNonNull(path, "path");
    this.original = original.clone();
    this.updated = updated.clone();
    this.changes = List.copyOf(changes);
  }

  public Path path() {
    return path;
  }

  /** The values that change, in the order they were asked for. */
  public List<Change> changes() {
    return changes;
  }

  /** Whether the file's bytes change (a value set to what it already was changes nothing). */
  public boolean changed() {
    return !Arrays.equals(original, updated);
  }

  public byte[] originalBytes() {
    return original.clone();
  }

  public byte[] updatedBytes() {
    return updated.clone();
  }

  /** The file's new content as text (UTF-8, byte order mark included if it had one). */
  public String updatedText() {
    return new String(updated, StandardCharsets.UTF_8);
  }

  /** A unified diff ({@code diff -u} style, {@code a/} and {@code b/} prefixes) of the edit. */
  public String unifiedDiff() {
    return UnifiedDiff.of(path.toString(), original, updated);
  }

  byte[] original() {
    return original;
  }

  byte[] updated() {
    return updated;
  }

  @Override
  public String toString() {
    return "FileEdit[" + path + ", " + changes.size() + " change(s)]";
  }
}
