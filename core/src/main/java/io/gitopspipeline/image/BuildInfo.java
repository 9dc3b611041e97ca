package io.gitopspipeline.image;

import java.time.Instant;

/**
 * What is known about a build, the raw material of its tags. Every part is optional; a template
 * that needs a missing part is an error.
 *
 * @param version the version being built, SemVer 2.0 with an optional leading {@code v}
 * @param commit the git commit the image was built from (hex, usually 40 characters)
 * @param branch the branch name, e.g. {@code feature/Login} or {@code refs/heads/main}
 * @param buildNumber the CI build number, digits only
 * @param timestamp when the build ran; rendered in UTC
 */
public record BuildInfo(
    String version, String commit, String branch, String buildNumber, Instant timestamp) {
  /** A build with nothing known yet; fill it with the {@code with...} methods. */
  public static BuildInfo empty() {
    return new BuildInfo(null, null, null, null, null);
  }

  public BuildInfo withVersion(String value) {
    return new BuildInfo(value, commit, branch, buildNumber, timestamp);
  }

  public BuildInfo withCommit(String value) {
    return new BuildInfo(version, value, branch, buildNumber, timestamp);
  }

  public BuildInfo withBranch(String value) {
    return new BuildInfo(version, commit, value, buildNumber, timestamp);
  }

  public BuildInfo withBuildNumber(String value) {
    return new BuildInfo(version, commit, branch, value, timestamp);
  }

  public BuildInfo withTimestamp(Instant value) {
    return new BuildInfo(version, commit, branch, buildNumber, value);
  }
}
