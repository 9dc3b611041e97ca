package io.gitopspipeline.scm;

import io.gitopspipeline.api.Urls;
import io.gitopspipeline.render.SecretRedactor;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown description of a promotion pull request: what is promoted where, links back to the
 * source and the build, and a summary of the rendered change with its diff folded away in a {@code
 * <details>} section, cut to fit the provider's limit. No URL in a body keeps its user-info.
 */
public final class PullRequestBody {
  /** The diff never takes more than this, even where the provider would accept more. */
  static final int MAX_DIFF_CHARS = 60_000;

  private static final int MAX_FILES_LISTED = 50;
  private static final Pattern BACKTICKS = Pattern.compile("`+");
  private static final String TRUNCATED = "\n\n_(description cut to the provider's size limit)_";

  private PullRequestBody() {}

  /** The default title: {@code Promote APP to ENV: IMAGE}. */
  public static String title(PromotionChange change) {
    String image = change.image() == null ? "" : ": " + shortImage(change.image());
    return "Promote " + change.app() + " to " + change.environment() + image;
  }

  /** Renders the body, at most {@code maxLength} characters. */
  public static String render(PromotionChange change, int maxLength) {
    StringBuilder head = new StringBuilder();
    head.append("### Promote ")
        .append(code(change.app()))
        .append(" to ")
        .append(code(change.environment()))
        .append("\n\n");
    head.append("| | |\n|---|---|\n");
    row(head, "App", code(change.app()));
    row(head, "Environment", code(change.environment()));
    if (change.image() != null) {
      row(head, "Image", code(change.image()));
    }
    if (change.sourceCommit() != null) {
      String commit = code(shortSha(change.sourceCommit()));
      row(head, "Source commit", link(commit, Urls.withoutUserInfo(change.sourceCommitUrl())));
    }
    if (change.buildUrl() != null) {
      String build = Urls.withoutUserInfo(change.buildUrl());
      row(head, "Build", link(escape(build), build));
    }
    head.append('\n');
    head.append(summary(change.files()));
    String footer = "\n<sub>Opened by gitops-pipeline; pushing to the branch updates it.</sub>\n";
    String base = head.toString();
    // Values of Secrets never reach a pull request, even from a diff made elsewhere.
    String diff = SecretRedactor.redactDiff(change.diff());
    if (diff == null || diff.isBlank()) {
      return fit(base + footer, maxLength);
    }
    int room = Math.min(MAX_DIFF_CHARS, maxLength - base.length() - footer.length() - 200);
    if (room < 200) {
      return fit(
          base + "\n_The diff is too large for the description; see the branch._\n" + footer,
          maxLength);
    }
    return fit(base + details(diff, room) + footer, maxLength);
  }

  /**
   * The user-info of every URL removed (each body and comment sent to a provider passes here), and
   * then cut to {@code maxLength} characters, saying so at the end.
   */
  public static String fit(String body, int maxLength) {
    String text = Urls.withoutUserInfo(body);
    if (text == null || text.length() <= maxLength) {
      return text;
    }
    int keep = Math.max(0, maxLength - TRUNCATED.length());
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep)
        + TRUNCATED.substring(0, Math.min(TRUNCATED.length(), maxLength - keep));
  }

  private static String summary(List<FileChange> files) {
    long added = files.stream().filter(f -> f.type() == FileChange.Type.ADDED).count();
    long changed = files.stream().filter(f -> f.type() == FileChange.Type.CHANGED).count();
    long removed = files.stream().filter(f -> f.type() == FileChange.Type.REMOVED).count();
    StringBuilder text = new StringBuilder();
    text.append("**Rendered change:** ")
        .append(added)
        .append(" added, ")
        .append(changed)
        .append(" changed, ")
        .append(removed)
        .append(" removed\n\n");
    int listed = 0;
    for (FileChange file : files) {
      if (listed == MAX_FILES_LISTED) {
        text.append("- ... and ").append(files.size() - listed).append(" more\n");
        break;
      }
      String verb =
          switch (file.type()) {
            case ADDED -> "added";
            case CHANGED -> "changed";
            case REMOVED -> "removed";
          };
      text.append("- ").append(verb).append(' ').append(code(file.path())).append('\n');
      listed++;
    }
    return text.toString();
  }

  private static String details(String diff, int room) {
    String shown = diff;
    String note = "";
    if (diff.length() > room) {
      int cut = diff.lastIndexOf('\n', room);
      shown = diff.substring(0, cut > 0 ? cut : room);
      long hidden = diff.substring(shown.length()).lines().count();
      note = "\n_Diff cut: " + hidden + " more lines; see the branch for all of it._\n";
    }
    long lines = diff.lines().count();
    String fence = "`".repeat(Math.max(3, longestBackticks(shown) + 1));
    return "\n<details>\n<summary>Diff ("
        + lines
        + " lines)</summary>\n\n"
        + fence
        + "diff\n"
        + shown
        + (shown.endsWith("\n") ? "" : "\n")
        + fence
        + "\n"
        + note
        + "</details>\n";
  }

  private static void row(StringBuilder text, String name, String value) {
    text.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String link(String text, String url) {
    if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
      return text;
    }
    return "[" + text + "](" + url.replace(")", "%29").replace(" ", "%20") + ")";
  }

  /** Inline code that survives backticks and pipes in the value (it sits in a table). */
  static String code(String value) {
    String safe = value.replace("|", "\\|").replace("\n", " ");
    String ticks = "`".repeat(longestBackticks(safe) + 1);
    String pad = safe.startsWith("`") || safe.endsWith("`") ? " " : "";
    return ticks + pad + safe + pad + ticks;
  }

  private static String escape(String text) {
    return text.replaceAll("([\\\\`*_\\[\\]<>|])", "\\\\$1");
  }

  private static int longestBackticks(String text) {
    int longest = 0;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.end() - m.start());
    }
    return longest;
  }

  private static String shortSha(String sha) {
    return sha.matches("[0-9a-f]{40,64}") ? sha.substring(0, 12) : sha;
  }

  private static String shortImage(String image) {
    int at = image.indexOf('@');
    String withoutDigest = at > 0 ? image.substring(0, at) : image;
    int slash = withoutDigest.lastIndexOf('/');
    return slash >= 0 ? withoutDigest.substring(slash + 1) : withoutDigest;
  }
}
