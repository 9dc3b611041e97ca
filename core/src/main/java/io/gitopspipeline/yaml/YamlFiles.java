package io.gitopspipeline.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Arrays;

/** Reading YAML files as text (UTF-8, optional byte order mark) and replacing them atomically. */
final class YamlFiles {
  private YamlFiles() {}

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** A file's bytes and its text without the byte order mark. */
  record Source(Path path, byte[] bytes, boolean bom, String text) {
    byte[] encode(String updated) {
      byte[] body = updated.getBytes(StandardCharsets.UTF_8);
      if (!bom) {
        return body;
      }
      byte[] out = Arrays.copyOf(BOM, BOM.length + body.length);
      System.arraycopy(body, 0, out, BOM.length, body.length);
      return out;
    }
  }

  static Source read(Path path, YamlLimits limits) throws GitOpsException {
    byte[] bytes;
    try {
      if (!Files.isRegularFile(path)) {
        throw new InvalidInputException(path + " is not a file");
      }
      long size = Files.size(path);
      if (size > limits.maxBytes()) {
        throw new InvalidInputException(
            path + " is " + size + " bytes, above the YAML size limit of " + limits.maxBytes());
      }
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(path + " does not exist");
    } catch (IOException e) {
      throw new GitOpsException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return decode(path, bytes);
  }

  static Source decode(Path path, byte[] bytes) throws InvalidInputException {
    boolean bom =
        bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      throw new InvalidInputException(path + " is UTF-16; convert it to UTF-8 to edit it");
    }
    int offset = bom ? 3 : 0;
    // String's own decoder is several times faster than a CharsetDecoder; it replaces malformed
    // input with U+FFFD, so only text holding U+FFFD needs the strict decoder to tell the two apart
    String fast = new String(bytes, offset, bytes.length - offset, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return new Source(path, bytes, bom, fast);
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset))
              .toString();
      return new Source(path, bytes, bom, text);
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(path + " is not valid UTF-8 text");
    }
  }

  /**
   * Replaces the file's content with {@code updated} through a temporary file and an atomic rename,
   * after checking it still holds {@code expected}; on any failure the file is untouched.
   */
  static void replace(Path file, byte[] expected, byte[] updated) throws GitOpsException {
    Path target;
    try {
      target = file.toRealPath();
      if (!Arrays.equals(Files.readAllBytes(target), expected)) {
        throw new GitOpsException(
            file + " changed while it was being edited; run the edit again on the new content");
      }
    } catch (IOException e) {
      throw new GitOpsException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Path directory = target.toAbsolutePath().getParent();
    Path temporary = null;
    try {
      temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(updated);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        // No fsync: the rename is what makes the edit atomic, and the working copy's durability
        // is git's business once the change is committed; syncing each file costs ~10 ms.
      }
      PosixFileAttributeView from =
          Files.getFileAttributeView(target, PosixFileAttributeView.class);
      if (from != null) {
        Files.setPosixFilePermissions(temporary, from.readAttributes().permissions());
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (IOException e) {
      throw new GitOpsException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // best effort: the original file is intact either way
        }
      }
    }
  }
}
