package io.gitopspipeline.api;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials that ride in URLs ({@code https://user:token@host/...}, or a token as the user
 * name: {@code https://TOKEN@host/...}) out of everything the pipeline writes or prints. Both
 * methods work on any text, changing only the user-info of each {@code scheme://} URL in it, so
 * they can be applied to a single URL, a commit message or an exception message alike.
 *
 * <p>For SSH URLs the login name is not a secret and the URL needs it ({@code ssh://git@host/}), so
 * only a password after it is touched; every other scheme loses or masks the whole user-info.
 */
public final class Urls {
  /** What stands in for masked user-info. */
  public static final String MASK = "***";

  /**
   * A scheme, then the user-info: everything up to the last '@' before the authority ends (at '/',
   * '?', '#' or whitespace), as URL parsers read it; a password holding an unencoded '@' is still
   * caught whole.
   */
  private static final Pattern USER_INFO =
      Pattern.compile("(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*://)([^/?#\\s]*)@");

  private static final Set<String> SSH_SCHEMES = Set.of("ssh", "git+ssh", "ssh+git", "sftp");

  private Urls() {}

  /**
   * The text with the user-info of every URL removed ({@code https://host/...}); {@code null} stays
   * {@code null}. Use it for every URL written where others read it: commits, pull requests,
   * comments, commit statuses.
   */
  public static String withoutUserInfo(String text) {
    return replace(text, false);
  }

  /**
   * The text with the user-info of every URL replaced by {@value #MASK} ({@code
   * https://***@host/...}), so a reader still sees that credentials were given; {@code null}
   * becomes the empty string. Use it for messages and diagnostics.
   */
  public static String maskUserInfo(String text) {
    String masked = replace(text, true);
    return masked == null ? "" : masked;
  }

  private static String replace(String text, boolean mask) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    Matcher matcher = USER_INFO.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      String scheme = matcher.group(1);
      String userInfo = matcher.group(2);
      String name = scheme.substring(0, scheme.length() - 3).toLowerCase(Locale.ROOT);
      String kept;
      if (SSH_SCHEMES.contains(name)) {
        int colon = userInfo.indexOf(':');
        String login = colon < 0 ? userInfo : userInfo.substring(0, colon);
        kept = login + (colon < 0 ? "" : mask ? ":" + MASK : "") + "@";
      } else {
        kept = mask ? MASK + "@" : "";
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(scheme + kept));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
