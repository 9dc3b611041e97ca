package io.gitopspipeline.render;

import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads a block scalar that holds only blank lines the way go-yaml (libyaml) does, which is how
 * Kubernetes, Kustomize and Flux read it. After substitution, {@code script: |} followed by a line
 * {@code " ${X}"} with an empty {@code X} leaves a block of lines holding only spaces, followed by
 * a less indented key. libyaml takes the spaces as indentation and the block as empty;
 * snakeyaml-engine refuses it ("the leading empty lines contain more spaces than the first
 * non-empty line"). When the refused line belongs to the surrounding structure (it is not more
 * indented than the key or item that holds the scalar), the spaces of the blank lines are dropped:
 * the text then reads the same in both parsers. A refused line that is more indented is content
 * less indented than the blank lines before it, which libyaml refuses too: left as an error.
 */
final class BlankBlockScalars {
  private static final String PROBLEM = "leading empty lines contain more spaces";

  /** A block scalar's header at the end of its line: {@code |} or {@code >} with indicators. */
  private static final Pattern HEADER = Pattern.compile(".*[|>][-+0-9]*[ \\t]*(#.*)?");

  private BlankBlockScalars() {}

  /**
   * The text with the blank lines of the refused block scalar emptied, or null when the error is
   * another one or libyaml would refuse the text as well.
   */
  static String relax(String text, MarkedYamlEngineException error) {
    String message = error.getMessage();
    if (message == null || !message.contains(PROBLEM) || error.getProblemMark().isEmpty()) {
      return null;
    }
    Mark mark = error.getProblemMark().get();
    String[] lines = text.split("\n", -1);
    int refused = mark.getLine();
    if (refused <= 0 || refused >= lines.length) {
      return null;
    }
    int first = refused;
    while (first > 0 && onlySpaces(lines[first - 1])) {
      first--;
    }
    if (first == 0 || first == refused || !HEADER.matcher(lines[first - 1]).matches()) {
      return null;
    }
    if (mark.getColumn() > parentIndent(lines[first - 1])) {
      return null;
    }
    boolean changed = false;
    for (int i = first; i < refused; i++) {
      if (!lines[i].isEmpty()) {
        lines[i] = "";
        changed = true;
      }
    }
    return changed ? String.join("\n", lines) : null;
  }

  private static boolean onlySpaces(String line) {
    return line.chars().allMatch(c -> c == ' ');
  }

  /**
   * The column of the node holding the scalar: the key of {@code key: |}, or the dash of {@code -
   * |} (after any dashes of compact nested sequences).
   */
  static int parentIndent(String header) {
    int i = 0;
    int lastDash = -1;
    while (true) {
      while (i < header.length() && header.charAt(i) == ' ') {
        i++;
      }
      if (i + 1 < header.length() && header.charAt(i) == '-' && header.charAt(i + 1) == ' ') {
        lastDash = i;
        i += 2;
        continue;
      }
      break;
    }
    boolean scalarIsTheItem = i < header.length() && "|>".indexOf(header.charAt(i)) >= 0;
    return scalarIsTheItem && lastDash >= 0 ? lastDash : i;
  }
}
