package io.gitopspipeline.render;

import io.gitopspipeline.render.EnvsubstScanner.Accept;
import io.gitopspipeline.render.EnvsubstScanner.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The parser of Flux's envsubst (fluxcd/pkg/envsubst/parse/parse.go), ported function for function
 * so that what Flux accepts, rejects and how it splits arguments is exactly what we do.
 */
final class EnvsubstParser {

  /** A node of the parse tree. */
  sealed interface Node permits Text, Func, Sequence {}

  record Text(String value) implements Node {}

  /** {@code ${param<name>args...}}; a plain {@code ${param}} has the empty name. */
  record Func(String param, String name, List<Node> args) implements Node {}

  record Sequence(List<Node> nodes) implements Node {}

  /** A parse error; its message is envsubst's own ({@code bad substitution}, ...). */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  static final String BAD_SUBSTITUTION = "bad substitution";
  static final String MISSING_CLOSING_BRACE = "missing closing brace";
  static final String PARSE_VARIABLE_NAME = "unable to parse variable name";
  static final String PARSE_FUNC_SUBSTITUTION = "unable to parse substitution within function";
  static final String PARSE_DEFAULT_FUNCTION = "unable to parse default function";

  // The parser's "empty" sentinel: compared by identity, as parse.go does.
  private static final Text EMPTY = new Text("");

  private final EnvsubstScanner scanner;

  private EnvsubstParser(String input) {
    this.scanner = new EnvsubstScanner(input);
  }

  static Node parse(String input) throws ParseException {
    return new EnvsubstParser(input).parseAny();
  }

  private Node parseAny() throws ParseException {
    // parse.go recurses once per text/expression; a loop gives the same tree shape without
    // exhausting the stack on large manifests.
    List<Node> nodes = new ArrayList<>();
    while (true) {
      scanner.accept = EnvsubstScanner::acceptRune;
      scanner.mode =
          EnvsubstScanner.SCAN_IDENT | EnvsubstScanner.SCAN_LBRACK | EnvsubstScanner.SCAN_ESCAPE;
      scanner.escapeChars = EnvsubstScanner.ESCAPE_DOLLAR;
      Token token = scanner.scan();
      switch (token) {
        case IDENT -> nodes.add(new Text(scanner.string()));
        case EOF -> {
          if (nodes.isEmpty()) {
            return EMPTY;
          }
          return nodes.size() == 1 ? nodes.get(0) : new Sequence(nodes);
        }
        case LBRACK -> nodes.add(parseFunc());
        default -> throw new ParseException(BAD_SUBSTITUTION);
      }
    }
  }

  private Node parseFunc() throws ParseException {
    scanner.escapeChars = EnvsubstScanner.ESCAPE_ALL;
    if (scanner.peek() == '#') {
      return parseLenFunc();
    }
    scanner.accept = EnvsubstScanner::acceptIdent;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(PARSE_VARIABLE_NAME);
    }
    String name = scanner.string();
    switch (scanner.peek()) {
      case ':':
        return parseDefaultOrSubstr(name);
      case '=':
        return parseDefaultFunc(name);
      case ',', '^':
        return parseCasingFunc(name);
      case '/':
        return parseReplaceFunc(name);
      case '#':
        return parseRemoveFunc(name, EnvsubstScanner::acceptHashFunc);
      case '%':
        return parseRemoveFunc(name, EnvsubstScanner::acceptPercentFunc);
      default:
        break;
    }
    scanner.accept = EnvsubstScanner::acceptIdent;
    scanner.mode = EnvsubstScanner.SCAN_RBRACK;
    if (scanner.scan() == Token.RBRACK) {
      return new Func(name, "", List.of());
    }
    throw new ParseException(MISSING_CLOSING_BRACE);
  }

  private Node parseParam(Accept accept, int mode) throws ParseException {
    scanner.accept = accept;
    scanner.mode = mode | EnvsubstScanner.SCAN_LBRACK;
    return switch (scanner.scan()) {
      case LBRACK -> parseFunc();
      case IDENT, RBRACK -> new Text(scanner.string());
      default -> throw new ParseException(PARSE_FUNC_SUBSTITUTION);
    };
  }

  private Node parseDefaultOrSubstr(String name) throws ParseException {
    scanner.read();
    int r = scanner.peek();
    scanner.unread();
    if (r == '=' || r == '-' || r == '?' || r == '+') {
      return parseDefaultFunc(name);
    }
    return parseSubstrFunc(name);
  }

  private Node parseSubstrFunc(String name) throws ParseException {
    List<Node> args = new ArrayList<>();
    scanner.accept = EnvsubstScanner::acceptOneColon;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    String func = scanner.string();
    args.add(parseParam(EnvsubstScanner::rejectColonClose, EnvsubstScanner.SCAN_IDENT));

    scanner.accept = EnvsubstScanner::acceptColon;
    scanner.mode = EnvsubstScanner.SCAN_IDENT | EnvsubstScanner.SCAN_RBRACK;
    switch (scanner.scan()) {
      case RBRACK:
        return new Func(name, func, args);
      case IDENT:
        break;
      default:
        throw new ParseException(BAD_SUBSTITUTION);
    }
    args.add(parseParam(EnvsubstScanner::acceptNotClosing, EnvsubstScanner.SCAN_IDENT));
    consumeRbrack();
    return new Func(name, func, args);
  }

  private Node parseRemoveFunc(String name, Accept accept) throws ParseException {
    scanner.accept = accept;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    String func = scanner.string();
    List<Node> args = new ArrayList<>();
    args.add(parseParam(EnvsubstScanner::acceptNotClosing, EnvsubstScanner.SCAN_IDENT));
    consumeRbrack();
    return new Func(name, func, args);
  }

  private Node parseReplaceFunc(String name) throws ParseException {
    scanner.accept = EnvsubstScanner::acceptReplaceFunc;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    String func = scanner.string();
    List<Node> args = new ArrayList<>();
    // An empty pattern (${param/#/string}) leaves the delimiter as the next rune.
    if (scanner.peek() == '/') {
      args.add(new Text(""));
    } else {
      args.add(
          parseParam(
              EnvsubstScanner::acceptNotSlash,
              EnvsubstScanner.SCAN_IDENT | EnvsubstScanner.SCAN_ESCAPE));
    }
    scanner.accept = EnvsubstScanner::acceptSlash;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    if (scanner.peek() == '}') {
      consumeRbrack();
      return new Func(name, func, args);
    }
    args.add(
        parseParam(
            EnvsubstScanner::acceptNotClosing,
            EnvsubstScanner.SCAN_IDENT | EnvsubstScanner.SCAN_ESCAPE));
    consumeRbrack();
    return new Func(name, func, args);
  }

  private Node parseDefaultFunc(String name) throws ParseException {
    scanner.accept = EnvsubstScanner::acceptDefaultFunc;
    if (scanner.peek() == '=') {
      scanner.accept = EnvsubstScanner::acceptOneEqual;
    }
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(PARSE_DEFAULT_FUNCTION);
    }
    String func = scanner.string();
    List<Node> args = new ArrayList<>();
    while (true) {
      if (scanner.peek() == '}') {
        consumeRbrack();
        return new Func(name, func, args);
      }
      args.add(parseParam(EnvsubstScanner::acceptNotClosing, EnvsubstScanner.SCAN_IDENT));
    }
  }

  private Node parseCasingFunc(String name) throws ParseException {
    scanner.accept = EnvsubstScanner::acceptCasingFunc;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    String func = scanner.string();
    consumeRbrack();
    return new Func(name, func, List.of());
  }

  private Node parseLenFunc() throws ParseException {
    scanner.accept = EnvsubstScanner::acceptOneHash;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    String func = scanner.string();
    scanner.accept = EnvsubstScanner::acceptIdent;
    scanner.mode = EnvsubstScanner.SCAN_IDENT;
    if (scanner.scan() != Token.IDENT) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
    String param = scanner.string();
    consumeRbrack();
    return new Func(param, func, List.of());
  }

  private void consumeRbrack() throws ParseException {
    scanner.mode = EnvsubstScanner.SCAN_RBRACK;
    if (scanner.scan() != Token.RBRACK) {
      throw new ParseException(BAD_SUBSTITUTION);
    }
  }
}
