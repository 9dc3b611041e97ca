package io.gitopspipeline.sync;

import java.util.Locale;

/** GitOps revisions as reconcilers write them, and how two of them compare. */
public final class Revisions {
  private Revisions() {}

  /**
   * The commit SHA in a Flux artifact revision, following notification-controller's {@code
   * parseRevision} (RFC-0005): after the last {@code :} ({@code main@sha1:<sha>}, {@code
   * sha1:<sha>}), else after the last {@code /} (legacy {@code main/<sha>}), else the whole text.
   * When that is not a 40- (SHA-1) or 64-hex (SHA-256) string, the revision is returned unchanged
   * (a Helm chart version, an OCI digest revision).
   */
  public static String normalise(String revision) {
    if (revision == null) {
      return "";
    }
    String trimmed = revision.trim();
    String candidate;
    int colon = trimmed.lastIndexOf(':');
    if (colon >= 0) {
      candidate = trimmed.substring(colon + 1);
    } else {
      int slash = trimmed.lastIndexOf('/');
      candidate = slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }
    return isCommit(candidate) ? candidate.toLowerCase(Locale.ROOT) : trimmed;
  }

  /** True for a full SHA-1 (40 hex) or SHA-256 (64 hex) commit id. */
  public static boolean isCommit(String text) {
    return text != null && (text.length() == 40 || text.length() == 64) && isHex(text);
  }

  /**
   * True when both name the same revision: equal ignoring case, or both hexadecimal with the
   * shorter (at least 7 characters, an abbreviated SHA) a prefix of the longer, after {@link
   * #normalise}: so an OCI artifact's {@code TAG@sha256:DIGEST} (Flux's OCIRepository revision) and
   * its {@code sha256:DIGEST} name the same revision, whichever tag the cluster followed.
   */
  public static boolean same(String a, String b) {
    if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    a = normalise(a);
    b = normalise(b);
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    String shorter = a.length() < b.length() ? a : b;
    String longer = shorter == a ? b : a;
    return shorter.length() >= 7
        && isHex(shorter)
        && isHex(longer)
        && longer.regionMatches(true, 0, shorter, 0, shorter.length());
  }

  static boolean isHex(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }
}
