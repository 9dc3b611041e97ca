package io.gitopspipeline.scm;

import io.gitopspipeline.api.InvalidInputException;
import java.util.Locale;

/** The state of a commit status, mapped to each provider's own words. */
public enum CommitState {
  PENDING,
  SUCCESS,
  FAILURE,
  ERROR;

  public static CommitState parse(String text) throws InvalidInputException {
    if (text != null) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the message below
      }
    }
    throw new InvalidInputException(
        "commit status state '" + text + "' is not one of pending|success|failure|error");
  }
}
