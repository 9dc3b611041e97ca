package io.gitopspipeline.render;

/**
 * The lexer of Flux's envsubst (fluxcd/pkg/envsubst/parse/scan.go, forked from drone/envsubst),
 * ported rule for rule: Flux substitutes with this exact grammar, so its quirks (only {@code ${}
 * opens an expression, {@code $$} collapses to {@code $}, {@code \/} and {@code \\} escapes inside
 * replacement patterns) are ours too.
 */
final class EnvsubstScanner {
  enum Token {
    ILLEGAL,
    EOF,
    IDENT,
    LBRACK,
    RBRACK
  }

  static final int SCAN_IDENT = 1;
  static final int SCAN_LBRACK = 2;
  static final int SCAN_RBRACK = 4;
  static final int SCAN_ESCAPE = 8;

  static final int ESCAPE_DOLLAR = 1;
  static final int ESCAPE_BACKSLASH = 2;
  static final int ESCAPE_ALL = ESCAPE_DOLLAR | ESCAPE_BACKSLASH;

  private static final int EOF = 0;

  /** Accepts or rejects a code point at offset {@code i} (in chars) from the token's start. */
  @FunctionalInterface
  interface Accept {
    boolean test(int r, int i);
  }

  private String buf;
  private int pos;
  private int start;
  private int width;
  int mode;
  int escapeChars;
  Accept accept;

  EnvsubstScanner(String buf) {
    this.buf = buf;
  }

  int read() {
    if (pos >= buf.length()) {
      width = 0;
      return EOF;
    }
    int r = buf.codePointAt(pos);
    width = Character.charCount(r);
    pos += width;
    return r;
  }

  void unread() {
    pos -= width;
  }

  /** Drops the (one-char) escape character just before the current position. */
  private void skip() {
    buf = buf.substring(0, pos - 1) + buf.substring(pos);
  }

  int peek() {
    int r = read();
    unread();
    return r;
  }

  String string() {
    return buf.substring(start, pos);
  }

  private boolean shouldEscape(int character) {
    return (escapeChars & character) != 0;
  }

  Token scan() {
    start = pos;
    int r = read();
    if (r == EOF) { // as in Go, a NUL character ends the input
      return Token.EOF;
    }
    if (scanLbrack(r)) {
      return Token.LBRACK;
    }
    if (scanRbrack(r)) {
      return Token.RBRACK;
    }
    if (scanIdent(r)) {
      return Token.IDENT;
    }
    return Token.ILLEGAL;
  }

  private boolean scanIdent(int r) {
    if ((mode & SCAN_IDENT) == 0) {
      return false;
    }
    if (scanEscaped(r)) {
      skip();
    } else if (!accept.test(r, pos - start)) {
      return false;
    }
    while (true) {
      int next = read();
      if (next == EOF) {
        unread();
        break;
      }
      if (scanLbrack(next)) {
        unread();
        unread();
        break;
      }
      if (scanEscaped(next)) {
        skip();
        continue;
      }
      if (!accept.test(next, pos - start)) {
        unread();
        break;
      }
    }
    return true;
  }

  private boolean scanLbrack(int r) {
    if ((mode & SCAN_LBRACK) == 0) {
      return false;
    }
    if (r == '$') {
      if (read() == '{') {
        return true;
      }
      unread();
    }
    return false;
  }

  private boolean scanRbrack(int r) {
    if ((mode & SCAN_RBRACK) == 0) {
      return false;
    }
    return r == '}';
  }

  private boolean scanEscaped(int r) {
    if ((mode & SCAN_ESCAPE) == 0) {
      return false;
    }
    if (r == '$' && shouldEscape(ESCAPE_DOLLAR) && peek() == '$') {
      return true;
    }
    if (r == '\\' && shouldEscape(ESCAPE_BACKSLASH)) {
      int next = peek();
      return next == '/' || next == '\\';
    }
    return false;
  }

  // The accept functions of scan.go.

  static boolean acceptRune(int r, int i) {
    return true;
  }

  static boolean acceptIdent(int r, int i) {
    return Character.isLetter(r) || Character.isDigit(r) || r == '_';
  }

  static boolean acceptColon(int r, int i) {
    return r == ':';
  }

  static boolean acceptOneHash(int r, int i) {
    return r == '#' && i == 1;
  }

  static boolean acceptNotClosing(int r, int i) {
    return r != '}';
  }

  static boolean acceptHashFunc(int r, int i) {
    return r == '#' && i < 3;
  }

  static boolean acceptPercentFunc(int r, int i) {
    return r == '%' && i < 3;
  }

  static boolean acceptDefaultFunc(int r, int i) {
    if (i == 1 && r == ':') {
      return true;
    }
    return i == 2 && (r == '=' || r == '-' || r == '?' || r == '+');
  }

  static boolean acceptReplaceFunc(int r, int i) {
    if (i == 1 && r == '/') {
      return true;
    }
    return i == 2 && (r == '/' || r == '#' || r == '%');
  }

  static boolean acceptOneEqual(int r, int i) {
    return i == 1 && r == '=';
  }

  static boolean acceptOneColon(int r, int i) {
    return i == 1 && r == ':';
  }

  static boolean rejectColonClose(int r, int i) {
    return r != ':' && r != '}';
  }

  static boolean acceptSlash(int r, int i) {
    return r == '/';
  }

  static boolean acceptNotSlash(int r, int i) {
    return r != '/';
  }

  static boolean acceptCasingFunc(int r, int i) {
    return (r == ',' || r == '^') && i < 3;
  }
}
