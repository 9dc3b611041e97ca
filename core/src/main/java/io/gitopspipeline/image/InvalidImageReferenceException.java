package io.gitopspipeline.image;

import io.gitopspipeline.api.InvalidInputException;

/**
 * An image reference, tag or digest that breaks the distribution reference grammar. The message
 * names the offending part and why; it is the only exception {@link ImageReference#parse} throws.
 */
public final class InvalidImageReferenceException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidImageReferenceException(String message) {
    super(message);
  }
}
