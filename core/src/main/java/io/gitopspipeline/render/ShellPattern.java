package io.gitopspipeline.render;

/**
 * The glob matcher envsubst uses for {@code #}, {@code ##}, {@code %} and {@code %%}: Go's {@code
 * path.Match} as copied into drone/envsubst, where {@code *} and {@code ?} also match {@code /} (so
 * {@code ${path##*&#47;}} gives the file name, as in bash).
 */
final class ShellPattern {
  /** A malformed pattern; envsubst then leaves the value untouched. */
  static final class BadPatternException extends Exception {
    private static final long serialVersionUID = 1L;

    BadPatternException() {
      super("syntax error in pattern", null, false, false);
    }
  }

  private ShellPattern() {}

  static boolean matches(String pattern, String name) throws BadPatternException {
    pattern:
    while (!pattern.isEmpty()) {
      boolean star = false;
      while (!pattern.isEmpty() && pattern.charAt(0) == '*') {
        pattern = pattern.substring(1);
        star = true;
      }
      int end = chunkEnd(pattern);
      String chunk = pattern.substring(0, end);
      pattern = pattern.substring(end);
      if (star && chunk.isEmpty()) {
        return true; // a trailing * matches the rest, slashes included
      }
      String rest = matchChunk(chunk, name);
      if (rest != null && (rest.isEmpty() || !pattern.isEmpty())) {
        name = rest;
        continue;
      }
      if (star) {
        for (int i = 0; i < name.length(); i++) {
          String t = matchChunk(chunk, name.substring(i + 1));
          if (t != null) {
            if (pattern.isEmpty() && !t.isEmpty()) {
              continue;
            }
            name = t;
            continue pattern;
          }
        }
      }
      return false;
    }
    return name.isEmpty();
  }

  private static int chunkEnd(String pattern) {
    boolean inRange = false;
    int i = 0;
    for (; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 < pattern.length()) {
          i++;
        }
      } else if (c == '[') {
        inRange = true;
      } else if (c == ']') {
        inRange = false;
      } else if (c == '*' && !inRange) {
        break;
      }
    }
    return i;
  }

  /** The rest of {@code s} after {@code chunk} matched its start, or null. */
  private static String matchChunk(String chunk, String s) throws BadPatternException {
    while (!chunk.isEmpty()) {
      if (s.isEmpty()) {
        return null;
      }
      char c = chunk.charAt(0);
      if (c == '[') {
        int r = s.codePointAt(0);
        s = s.substring(Character.charCount(r));
        chunk = chunk.substring(1);
        boolean negated = false;
        if (!chunk.isEmpty() && chunk.charAt(0) == '^') {
          negated = true;
          chunk = chunk.substring(1);
        }
        boolean match = false;
        int ranges = 0;
        while (true) {
          if (!chunk.isEmpty() && chunk.charAt(0) == ']' && ranges > 0) {
            chunk = chunk.substring(1);
            break;
          }
          int[] lo = escaped(chunk);
          chunk = chunk.substring(lo[1]);
          int hi = lo[0];
          if (chunk.charAt(0) == '-') {
            int[] h = escaped(chunk.substring(1));
            hi = h[0];
            chunk = chunk.substring(1 + h[1]);
          }
          if (lo[0] <= r && r <= hi) {
            match = true;
          }
          ranges++;
        }
        if (match == negated) {
          return null;
        }
      } else if (c == '?') {
        s = s.substring(Character.charCount(s.codePointAt(0)));
        chunk = chunk.substring(1);
      } else {
        if (c == '\\') {
          chunk = chunk.substring(1);
          if (chunk.isEmpty()) {
            throw new BadPatternException();
          }
        }
        if (chunk.charAt(0) != s.charAt(0)) {
          return null;
        }
        s = s.substring(1);
        chunk = chunk.substring(1);
      }
    }
    return s;
  }

  /** {code point, chars consumed} of a possibly escaped character in a class. */
  private static int[] escaped(String chunk) throws BadPatternException {
    if (chunk.isEmpty() || chunk.charAt(0) == '-' || chunk.charAt(0) == ']') {
      throw new BadPatternException();
    }
    int consumed = 0;
    if (chunk.charAt(0) == '\\') {
      consumed = 1;
      if (chunk.length() == 1) {
        throw new BadPatternException();
      }
    }
    int r = chunk.codePointAt(consumed);
    consumed += Character.charCount(r);
    if (consumed >= chunk.length()) {
      throw new BadPatternException(); // a class must be closed
    }
    return new int[] {r, consumed};
  }
}
