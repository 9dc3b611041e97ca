package io.gitopspipeline.repo;

import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Tells a push refused because the branch moved under us (worth fetching, re-applying and trying
 * again) from one refused for good (authentication, permissions, hooks, protected branches), in the
 * phrasing of git, JGit, GitHub, GitLab, Gitea, Bitbucket and Azure Repos. A refusal for good wins
 * over any race phrasing in the same answer: retrying it could only repeat the refusal.
 */
final class PushRejections {
  /** How servers say "it moved"; lower case. */
  private static final List<String> MOVED =
      List.of(
          // git receive-pack and the git CLI (also what GitHub, Gitea and Bitbucket relay)
          "non-fast-forward",
          "non fast forward",
          "fetch first",
          "stale info",
          "incorrect old value",
          "cannot lock ref",
          "could not lock",
          "failed to lock", // receive-pack over file:// while another push holds the ref lock
          "unable to lock",
          "failed to update ref",
          "tip of your current branch is behind",
          "updates were rejected because",
          "but expected",
          "expected old",
          // JGit's receive-pack (file:// in process, Gerrit, smart HTTP servers built on JGit)
          "invalid old id sent", // JGit: the expected old id is no longer the ref's value
          "lock error",
          "lock failure",
          "lock_failure",
          "remote ref has changed",
          "remote rejected: ref changed",
          "already exists",
          // GitLab / Gitaly: "Could not update refs/heads/main. Please refresh and try again."
          "please refresh and try again",
          "reference does not point to expected object",
          // Azure Repos: "TF401028: The reference ... has already been updated by another client"
          "tf401028",
          "updated by another client",
          "concurrent",
          "try again");

  /**
   * Refusals that no retry can fix, even when the answer also reads like a race; lower case.
   * Matched in the ref's status and in the messages the server printed.
   */
  private static final List<String> PERMANENT =
      List.of(
          "protected branch", // GitHub GH006, GitLab, Gitea
          "gh006",
          "gh013", // GitHub rulesets: "Repository rule violations found"
          "rule violation",
          "can only be modified through pull requests", // Bitbucket Server
          "tf402455", // Azure: "Pushes to this branch are not permitted; you must use a pull
          // request"
          "tf401027", // Azure: "You need the Git 'GenericContribute' permission"
          "not allowed", // GitLab: "You are not allowed to push code to ..."
          "not permitted",
          "permission",
          "denied",
          "not authorized",
          "unauthorized",
          "forbidden",
          "read-only",
          "read only",
          "hook declined", // Bitbucket, GitLab, git: "pre-receive hook declined"
          "policy");

  private PushRejections() {}

  /** Whether the ref's status and message (and the server's other messages) say "it moved". */
  static boolean branchMoved(RemoteRefUpdate.Status status, String message) {
    return branchMoved(status, message, "");
  }

  static boolean branchMoved(RemoteRefUpdate.Status status, String message, String serverMessages) {
    if (permanent(message) || permanent(serverMessages)) {
      return false;
    }
    return switch (status) {
      case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
      case REJECTED_OTHER_REASON -> movedMessage(message);
      default -> false;
    };
  }

  static boolean movedMessage(String message) {
    if (message == null || permanent(message)) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return MOVED.stream().anyMatch(lower::contains);
  }

  private static boolean permanent(String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return PERMANENT.stream().anyMatch(lower::contains);
  }

  /** What to do about a refusal for good, as a clause to append to its message ("" if unsure). */
  static String advice(String message) {
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (lower.contains("protected branch")
        || lower.contains("gh006")
        || lower.contains("tf402455")
        || lower.contains("pull request")) {
      return "; the branch only accepts changes through pull requests: promote with --mode branch"
          + " and --pr";
    }
    if (lower.contains("permission")
        || lower.contains("denied")
        || lower.contains("not allowed")
        || lower.contains("tf401027")
        || lower.contains("forbidden")
        || lower.contains("unauthorized")
        || lower.contains("not authorized")) {
      return "; the credentials may read but not push: give them write access to the branch";
    }
    return "";
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
        || lower.contains("not permitted") // JGit over HTTP 403: "git-receive-pack not permitted"
        || lower.contains("not found")
        || lower.contains("host key")
        || lower.contains("server key");
  }
}
