package io.gitopspipeline.repo;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.ObjectChecker;

/**
 * Which names git itself refuses in a tree, so that a promotion never builds a tree that {@code git
 * fsck}, a server's receive checks or a checkout on Windows or macOS rejects.
 *
 * <p>JGit's {@link ObjectChecker}, with the Windows and macOS rules on (as git's {@code
 * core.protectNTFS} and {@code core.protectHFS}), covers {@code .git} and every name a file system
 * reads as it ({@code git~1}, {@code .git.}, {@code .git } with trailing dots or spaces, {@code
 * .g\u200cit} with HFS+ ignorable characters), plus {@code .} and {@code ..}, device names and
 * characters Windows refuses. It does not cover {@code .gitmodules} and {@code .gitattributes} as
 * directories, which {@code git fsck} reports as {@code gitmodulesBlob} and {@code
 * gitattributesBlob}: that part follows git's {@code is_ntfs_dotgitmodules}, {@code
 * is_hfs_dotgitmodules} and their {@code gitattributes} twins (path.c, utf8.c).
 */
final class GitPathNames {
  private GitPathNames() {}

  /**
   * Why git refuses {@code segment} as a name in a tree, or {@code null} when it accepts it.
   *
   * @param directory whether the name is a directory's (a tree entry), not a file's
   */
  static String problem(String segment, boolean directory) {
    byte[] raw = segment.getBytes(StandardCharsets.UTF_8);
    try {
      new ObjectChecker()
          .setSafeForWindows(true)
          .setSafeForMacOS(true)
          .checkPathSegment(raw, 0, raw.length);
    } catch (CorruptObjectException e) {
      return "git refuses it (" + e.getMessage() + ")";
    }
    if (directory && (isDotFile(segment, "gitmodules", "gi7eba"))) {
      return "git reads it as .gitmodules, which must be a file";
    }
    if (directory && (isDotFile(segment, "gitattributes", "gi7d29"))) {
      return "git reads it as .gitattributes, which must be a file";
    }
    return null;
  }

  /** {@code .NAME} as NTFS (8.3 short names, trailing dots and spaces) or HFS+ would read it. */
  private static boolean isDotFile(String segment, String name, String ntfsShortPrefix) {
    return isNtfsDot(segment, name, ntfsShortPrefix) || isHfsDot(segment, name);
  }

  private static boolean isNtfsDot(String segment, String name, String shortPrefix) {
    int length = name.length();
    if (segment.length() > length
        && segment.charAt(0) == '.'
        && segment.regionMatches(true, 1, name, 0, length)) {
      return onlySpacesAndPeriods(segment, length + 1);
    }
    // the regular 8.3 short name: the first six characters, then ~1 to ~4
    if (segment.length() >= 8
        && segment.regionMatches(true, 0, name, 0, 6)
        && segment.charAt(6) == '~'
        && segment.charAt(7) >= '1'
        && segment.charAt(7) <= '4') {
      return onlySpacesAndPeriods(segment, 8);
    }
    // the fall-back short name: a prefix of a hash-based name, then ~ and digits, 8 in all
    boolean sawTilde = false;
    for (int i = 0; i < 8; i++) {
      if (i >= segment.length()) {
        return false;
      }
      char c = segment.charAt(i);
      if (sawTilde) {
        if (c < '0' || c > '9') {
          return false;
        }
      } else if (c == '~') {
        i++;
        if (i >= segment.length() || segment.charAt(i) < '1' || segment.charAt(i) > '9') {
          return false;
        }
        sawTilde = true;
      } else if (i >= 6 || c > 127) {
        return false;
      } else if (Character.toLowerCase(c) != shortPrefix.charAt(i)) {
        return false;
      }
    }
    return onlySpacesAndPeriods(segment, 8);
  }

  /** The rest is only spaces and dots, up to the end or an NTFS stream name (':'). */
  private static boolean onlySpacesAndPeriods(String segment, int from) {
    for (int i = from; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == ':') {
        return true;
      }
      if (c != ' ' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** HFS+ drops these code points when comparing names. */
  private static boolean isHfsIgnorable(int c) {
    return (c >= 0x200c && c <= 0x200f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x206a && c <= 0x206f)
        || c == 0xfeff;
  }

  private static boolean isHfsDot(String segment, String name) {
    int[] chars = segment.codePoints().filter(c -> !isHfsIgnorable(c)).toArray();
    if (chars.length != name.length() + 1 || chars[0] != '.') {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      int c = chars[i + 1];
      if (c > 127 || Character.toLowerCase(c) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
