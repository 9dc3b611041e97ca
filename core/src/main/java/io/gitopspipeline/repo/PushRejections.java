package io.gitopspipeline.repo;

import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Tells a push refused because the branch moved under us (worth fetching, re-applying and trying
 * again) from one refused for good (permissions, hooks, protected branches).
 */
final class PushRejections {
  /** How servers (git, JGit, GitHub, GitLab, Gitea, Bitbucket, Azure DevOps) say "it moved". */
  private static final List<String> MOVED =
      List.of(
          "non-fast-forward",
          "non fast forward",
          "fetch first",
          "stale info",
          "incorrect old value",
          "cannot lock ref",
          "could not lock",
          "failed to lock",
          "unable to lock",
          "lock error",
          "lock failure",
          "lock_failure",
          "failed to update ref",
          "remote ref has changed",
          "remote rejected: ref changed",
          "but expected",
          "expected old",
          "tip of your current branch is behind",
          "updates were rejected because",
          "already exists",
          "concurrent",
          "try again");

  /** Permanent refusals that must not be retried even though they look like a rejection. */
  private static final List<String> PERMANENT =
      List.of(
          "protected branch",
          "not allowed",
          "permission",
          "denied",
          "not authorized",
          "forbidden",
          "hook declined");

  private PushRejections() {}

  static boolean branchMoved(RemoteRefUpdate.Status status, String message) {
    return switch (status) {
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
      case REJECTED_OTHER_REASON -> movedMessage(message);
      default -> false;
    };
  }

  static boolean movedMessage(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (PERMANENT.stream().anyMatch(lower::contains)) {
      return false;
    }
    return MOVED.stream().anyMatch(lower::contains);
  }

  /** A transport failure that no retry can fix: authentication or authorization. */
  static boolean permanentTransportFailure(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("auth fail")
        || lower.contains("no more authentication methods")
        || lower.contains("denied")
        || lower.contains("forbidden")
        || lower.contains("not found")
        || lower.contains("host key")
        || lower.contains("server key");
  }
}
