package io.gitopspipeline.yaml;

import java.util.Arrays;

/**
 * The line structure of "simple block YAML", read lexically in one pass without a parser: for each
 * line, its indentation and whether it starts a {@code key:} entry or a {@code - } item. It exists
 * so a large file can be edited by parsing only the entries an edit touches (see {@link
 * EntryWindows}); the full parse costs about 40 ms per MB, this pass a few.
 *
 * <p>{@link #read} returns null unless every line can be shown to start in block context, which is
 * what makes a line at a given indentation a real entry: no quoted scalar or flow collection runs
 * past the end of its line (snakeyaml-engine accepts their continuation lines at any indentation,
 * so such a construct could swallow what looks like a key), no tabs outside quoted scalars, no
 * document markers or directives, no explicit {@code ?}/{@code :} entries, and no line breaks other
 * than LF and CRLF. Block scalar bodies are skipped: every line indented deeper than the node that
 * owns the {@code |}/{@code >} header. Plain scalars never continue at or left of their key's
 * column. Whenever the scan cannot be sure, it gives up and the caller parses the whole file.
 */
final class BlockOutline {
  static final byte BLANK = 0;
  static final byte KEY = 1;
  static final byte ITEM = 2;
  static final byte OTHER = 3;

  private int lines;
  private int[] start;
  private int[] indent;
  private byte[] kind;
  private int[] keyStart;
  private int[] keyEnd;
  private boolean[] valueOnLine;
  private final String text;

  private BlockOutline(String text) {
    this.text = text;
    int capacity = Math.max(16, text.length() / 24);
    start = new int[capacity + 1];
    indent = new int[capacity];
    kind = new byte[capacity];
    keyStart = new int[capacity];
    keyEnd = new int[capacity];
    valueOnLine = new boolean[capacity];
  }

  /** The outline of {@code text}, or null when it is not provably simple block YAML. */
  static BlockOutline read(String text) {
    if (text.indexOf('\uFEFF') >= 0
        || text.indexOf('\u0085') >= 0
        || text.indexOf('\u2028') >= 0
        || text.indexOf('\u2029') >= 0) {
      return null;
    }
    for (int r = text.indexOf('\r'); r >= 0; r = text.indexOf('\r', r + 1)) {
      if (r + 1 >= text.length() || text.charAt(r + 1) != '\n') {
        return null; // a lone CR is a line break to YAML
      }
    }
    BlockOutline outline = new BlockOutline(text);
    return outline.scan() ? outline : null;
  }

  int lines() {
    return lines;
  }

  /** Char offset where line {@code line} starts; {@code start(lines())} is the text's length. */
  int start(int line) {
    return start[line];
  }

  int indent(int line) {
    return indent[line];
  }

  /** {@link #BLANK} for blank, comment and block scalar body lines; else what the line starts. */
  byte kind(int line) {
    return kind[line];
  }

  /** Whether a {@link #KEY} line holds its value (or the start of it) after the colon. */
  boolean valueOnLine(int line) {
    return valueOnLine[line];
  }

  /** The key a {@link #KEY} line starts, decoded; null when it is quoted with escapes. */
  String key(int line) {
    int from = keyStart[line];
    int to = keyEnd[line];
    char first = text.charAt(from);
    if (first == '\'') {
      return text.substring(from + 1, to - 1).replace("''", "'");
    }
    if (first == '"') {
      String inner = text.substring(from + 1, to - 1);
      return inner.indexOf('\\') >= 0 ? null : inner;
    }
    return text.substring(from, to);
  }

  /**
   * The line after the entry a {@link #KEY} line at indentation {@code c} starts: the next line
   * that is not blank and is indented less, or as much without being an item of the key's
   * indentless sequence.
   */
  int entryEnd(int keyLine) {
    int c = indent[keyLine];
    for (int l = keyLine + 1; l < lines; l++) {
      byte k = kind[l];
      if (k != BLANK && (indent[l] < c || (indent[l] == c && k != ITEM))) {
        return l;
      }
    }
    return lines;
  }

  // ---------------------------------------------------------------- the scan

  private boolean scan() {
    int length = text.length();
    int position = 0;
    int bodyOwner = -1; // column of the node owning an open block scalar, or -1
    while (position < length) {
      int newline = text.indexOf('\n', position);
      int next = newline < 0 ? length : newline + 1;
      int end = newline < 0 ? length : newline;
      if (end > position && text.charAt(end - 1) == '\r') {
        end--;
      }
      int i = position;
      while (i < end && text.charAt(i) == ' ') {
        i++;
      }
      int column = i - position;
      add(position);
      int line = lines - 1;
      indent[line] = column;
      if (i == end || (bodyOwner >= 0 && column > bodyOwner)) {
        kind[line] = BLANK; // blank, or text of a block scalar
      } else {
        bodyOwner = -1;
        int result = line(line, position, i, end);
        if (result == FAIL) {
          return false;
        }
        bodyOwner = result;
      }
      position = next;
    }
    start[lines] = length;
    return true;
  }

  private static final int FAIL = -2;

  /**
   * Reads one line that starts in block context; returns the column of the node owning a block
   * scalar header that ends the line, -1 when there is none, or {@link #FAIL}.
   */
  private int line(int line, int lineStart, int at, int end) {
    if (at == lineStart && marker(at, end)) {
      return FAIL; // '---' or '...': another document, whatever follows on the line
    }
    int c = at;
    int entryColumn = -1; // column of the last '- ' or key on this line
    boolean afterKey = false;
    boolean first = true;
    kind[line] = OTHER;
    while (c < end) {
      char ch = text.charAt(c);
      boolean spaceAfter = c + 1 == end || text.charAt(c + 1) == ' ';
      switch (ch) {
        case '#' -> {
          if (first) {
            kind[line] = BLANK;
          }
          return -1;
        }
        case '-' -> {
          if (spaceAfter && !afterKey) {
            if (first) {
              kind[line] = ITEM;
            }
            entryColumn = c - lineStart;
            c = spaces(c + 1, end);
            first = false;
            continue;
          }
        }
        case '?', ':' -> {
          if (spaceAfter) {
            return FAIL; // explicit key or value: rare, and left to the parser
          }
        }
        case '\t', ',', ']', '}', '%', '@', '`' -> {
          return FAIL;
        }
        case '&', '!' -> {
          c = spaces(token(c, end), end);
          continue; // a property, then the node (on this line or the next)
        }
        case '*' -> {
          c = spaces(token(c, end), end);
          return c == end || comment(c) ? -1 : FAIL;
        }
        case '|', '>' -> {
          return header(c, end, entryColumn, afterKey);
        }
        case '"', '\'' -> {
          int close = ch == '"' ? doubleQuoted(c, end) : singleQuoted(c, end);
          if (close < 0) {
            return FAIL;
          }
          int after = spaces(close, end);
          if (after < end && text.charAt(after) == ':' && !afterKey && separated(after, end)) {
            entryColumn = key(line, c, close, after, end, first, lineStart);
            c = spaces(after + 1, end);
            afterKey = true;
            first = false;
            continue;
          }
          return after == end || comment(after) ? -1 : FAIL;
        }
        case '[', '{' -> {
          int close = flow(c, end);
          if (close < 0) {
            return FAIL;
          }
          int after = spaces(close, end);
          return after == end || comment(after) ? -1 : FAIL; // a flow key is left to the parser
        }
        default -> {
          // a plain scalar
        }
      }
      int j = c;
      while (j < end) {
        char p = text.charAt(j);
        if (p == ':' && separated(j, end)) {
          break;
        }
        if (p == '#' && text.charAt(j - 1) == ' ') {
          return -1; // a comment ends the scalar and the line
        }
        if (p == '\t') {
          return FAIL;
        }
        j++;
      }
      if (j == end) {
        return -1;
      }
      if (afterKey) {
        return FAIL; // 'a: b: c' is not YAML
      }
      int keyEndAt = j;
      while (text.charAt(keyEndAt - 1) == ' ') {
        keyEndAt--;
      }
      entryColumn = key(line, c, keyEndAt, j, end, first, lineStart);
      c = spaces(j + 1, end);
      afterKey = true;
      first = false;
    }
    return -1;
  }

  /** A document marker at column 0: three dashes or dots, then a space, a tab or the end. */
  private boolean marker(int at, int end) {
    if (end - at < 3 || !(text.startsWith("---", at) || text.startsWith("...", at))) {
      return false;
    }
    return at + 3 == end || text.charAt(at + 3) == ' ' || text.charAt(at + 3) == '\t';
  }

  /** Records a key ending at {@code to} with its ':' at {@code colon}; returns its column. */
  private int key(int line, int from, int to, int colon, int end, boolean first, int lineStart) {
    if (first) {
      kind[line] = KEY;
      keyStart[line] = from;
      keyEnd[line] = to;
      int after = spaces(colon + 1, end);
      valueOnLine[line] = after < end && !comment(after);
    }
    return from - lineStart;
  }

  /** A block scalar header: indicators, then nothing but a comment. */
  private int header(int c, int end, int entryColumn, boolean afterKey) {
    if (entryColumn < 0 && !afterKey) {
      return FAIL; // a block scalar that is not an entry's value
    }
    int i = c + 1;
    while (i < end && "+-0123456789".indexOf(text.charAt(i)) >= 0) {
      i++;
    }
    int after = spaces(i, end);
    if (after != i && after < end && !comment(after)) {
      return FAIL;
    }
    if (after == i && after < end) {
      return FAIL;
    }
    return entryColumn;
  }

  /** Whether a ':' at {@code c} is a value indicator: followed by a space or the end of line. */
  private boolean separated(int c, int end) {
    return c + 1 == end || text.charAt(c + 1) == ' ';
  }

  /** A comment starts at {@code c} (which follows a space). */
  private boolean comment(int c) {
    return text.charAt(c) == '#';
  }

  private int spaces(int c, int end) {
    while (c < end && text.charAt(c) == ' ') {
      c++;
    }
    return c;
  }

  /** The end of an anchor, alias or tag token (a tab after it is then refused by the caller). */
  private int token(int c, int end) {
    while (c < end && text.charAt(c) != ' ' && text.charAt(c) != '\t') {
      c++;
    }
    return c;
  }

  /** Just past the closing quote, or -1 when the scalar runs past the line. */
  private int doubleQuoted(int c, int end) {
    for (int j = c + 1; j < end; j++) {
      char ch = text.charAt(j);
      if (ch == '\\') {
        j++;
      } else if (ch == '"') {
        return j + 1;
      }
    }
    return -1;
  }

  private int singleQuoted(int c, int end) {
    for (int j = c + 1; j < end; j++) {
      if (text.charAt(j) == '\'') {
        if (j + 1 < end && text.charAt(j + 1) == '\'') {
          j++;
        } else {
          return j + 1;
        }
      }
    }
    return -1;
  }

  /**
   * Just past the bracket closing the flow collection opened at {@code c}, or -1 when it stays open
   * at the end of the line or holds what the scan leaves to the parser.
   */
  private int flow(int c, int end) {
    char[] open = new char[16];
    int depth = 0;
    int i = c;
    while (i < end) {
      char ch = text.charAt(i);
      switch (ch) {
        case ' ', ',' -> i++;
        case '[', '{' -> {
          if (depth == open.length) {
            return -1;
          }
          open[depth++] = ch;
          i++;
        }
        case ']', '}' -> {
          if (depth == 0 || open[--depth] != (ch == ']' ? '[' : '{')) {
            return -1;
          }
          i++;
          if (depth == 0) {
            return i;
          }
        }
        case '"' -> i = doubleQuoted(i, end);
        case '\'' -> i = singleQuoted(i, end);
        case ':' -> i++; // a value indicator, or the start of a plain scalar: both end alike
        case '&', '!', '*' -> {
          while (i < end && " \t,[]{}".indexOf(text.charAt(i)) < 0) {
            i++;
          }
        }
        case '#', '\t', '|', '>', '%', '@', '`' -> {
          return -1;
        }
        default -> {
          if ((ch == '-' || ch == '?') && (i + 1 == end || text.charAt(i + 1) == ' ')) {
            return -1;
          }
          i = flowPlain(i, end);
        }
      }
      if (i < 0) {
        return -1;
      }
    }
    return -1;
  }

  /** The end of a plain scalar inside a flow collection. */
  private int flowPlain(int c, int end) {
    int i = c + 1;
    while (i < end) {
      char ch = text.charAt(i);
      if (",[]{}".indexOf(ch) >= 0 || ch == '\t') {
        return i;
      }
      if (ch == '#' && text.charAt(i - 1) == ' ') {
        return -1; // a comment inside an open collection
      }
      if (ch == ':' && (i + 1 == end || " ,[]{}".indexOf(text.charAt(i + 1)) >= 0)) {
        return i;
      }
      i++;
    }
    return i;
  }

  private void add(int lineStart) {
    if (lines == indent.length) {
      int capacity = lines * 2;
      start = Arrays.copyOf(start, capacity + 1);
      indent = Arrays.copyOf(indent, capacity);
      kind = Arrays.copyOf(kind, capacity);
      keyStart = Arrays.copyOf(keyStart, capacity);
      keyEnd = Arrays.copyOf(keyEnd, capacity);
      valueOnLine = Arrays.copyOf(valueOnLine, capacity);
    }
    start[lines++] = lineStart;
  }
}
