package io.gitopspipeline.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads copies of the shared reconciler fixtures from {@code src/test/resources/sync}. */
public final class Fixtures {
  private Fixtures() {}

  public static byte[] bytes(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/sync/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture sync/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
