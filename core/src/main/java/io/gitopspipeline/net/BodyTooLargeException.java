package io.gitopspipeline.net;

import java.io.IOException;

/** An answer whose body grew past the cap the caller set; reading stopped at the cap. */
public final class BodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long maxBytes;

  public BodyTooLargeException(long maxBytes) {
    super("the answer is larger than " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  /** The cap the body went past. */
  public long maxBytes() {
    return maxBytes;
  }
}
