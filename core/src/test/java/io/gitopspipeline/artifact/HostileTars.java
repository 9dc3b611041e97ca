package io.gitopspipeline.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Builds gzip-compressed tars entry by entry, including entries a pull must refuse. */
final class HostileTars {
  private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

  HostileTars file(String name, String content) {
    return entry(name, '0', content.getBytes(StandardCharsets.UTF_8));
  }

  HostileTars entry(String name, char type, byte[] content) {
    try {
      tar.write(Tarball.header(name, type, 0644, content.length));
      tar.write(content);
      int rest = content.length % Tarball.BLOCK;
      if (rest != 0) {
        tar.write(new byte[Tarball.BLOCK - rest]);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] gzip() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(tar.toByteArray());
      gz.write(new byte[2 * Tarball.BLOCK]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
