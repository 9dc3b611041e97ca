package io.gitopspipeline.lifecycle;

import java.util.Objects;

/**
 * A newer promotion of the same app and environment by another build: the outcome {@code
 * superseded} of a wait.
 *
 * @param commit the newer promotion's commit
 * @param branch where it was found: the environment branch or the promotion branch
 * @param image its image, or {@code null}
 * @param sourceCommit its source commit, or {@code null}
 * @param buildUrl the build that promoted it, or {@code null}
 */
public record Supersession(
    String commit, String branch, String image, String sourceCommit, String buildUrl) {
  public Supersession {
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(branch, "branch");
  }

  /** One line naming the newer promotion, e.g. for a log or an error message. */
  public String describe() {
    StringBuilder text =
        new StringBuilder("superseded by ").append(commit).append(" on ").append(branch);
    if (image != null) {
      text.append(" (image ").append(Printable.of(image)).append(')');
    }
    if (buildUrl != null) {
      text.append(" from build ").append(Printable.of(buildUrl));
    }
    return text.toString();
  }
}
