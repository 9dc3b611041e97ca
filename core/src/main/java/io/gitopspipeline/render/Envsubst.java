package io.gitopspipeline.render;

import io.gitopspipeline.render.EnvsubstParser.Func;
import io.gitopspipeline.render.EnvsubstParser.Node;
import io.gitopspipeline.render.EnvsubstParser.ParseException;
import io.gitopspipeline.render.EnvsubstParser.Sequence;
import io.gitopspipeline.render.EnvsubstParser.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Flux's envsubst (fluxcd/pkg/envsubst, a fork of drone/envsubst): expands {@code ${...}}
 * expressions with the same operators, escapes and edge cases as Flux's post-build substitution.
 * Lengths and offsets count UTF-8 bytes, as Go's {@code len} does.
 */
final class Envsubst {
  private static final Set<String> DEFAULT_OPERATORS =
      Set.of("-", "+", "=", "?", ":-", ":+", ":=", ":?");
  private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");

  /** Where a variable's value comes from. */
  @FunctionalInterface
  interface Lookup {
    /** The value, or null when the variable is not set. */
    String get(String name);
  }

  /** A substitution that cannot be done; the message is envsubst's. */
  static final class SubstitutionException extends Exception {
    private static final long serialVersionUID = 1L;

    SubstitutionException(String message) {
      super(message, null, false, false);
    }
  }

  private Envsubst() {}

  /**
   * Expands {@code input} as Flux does: non-strict reads unset variables as empty; strict fails
   * with {@code variable not set (strict mode): "name"} on the first unset variable read without a
   * default operator.
   */
  static String eval(String input, Map<String, String> vars, boolean strict)
      throws SubstitutionException {
    Lookup lookup = strict ? vars::get : name -> vars.getOrDefault(name, "");
    List<String> missing = new ArrayList<>();
    String out = eval(input, lookup, missing::add);
    if (!missing.isEmpty()) {
      throw new SubstitutionException(notSet(missing.get(0)));
    }
    return out;
  }

  /**
   * Expands {@code input}, reporting every unset variable read without a default operator to {@code
   * onMissing} (which then reads as empty) instead of stopping at the first.
   */
  static String eval(String input, Lookup lookup, Consumer<String> onMissing)
      throws SubstitutionException {
    String fast = evalSimple(input, lookup, onMissing);
    return fast != null ? fast : evalParsed(input, lookup, onMissing);
  }

  /**
   * The expansion of text whose only expressions are plain {@code ${NAME}}s (and {@code $$}
   * escapes): one pass over the chars, no parse tree. Null when the text holds anything else (an
   * operator, a malformed expression, a NUL), so the caller parses it; the result is the same as
   * the parser's, which a property test checks on random text.
   */
  static String evalSimple(String input, Lookup lookup, Consumer<String> onMissing) {
    if (input.indexOf('\0') >= 0) {
      return null; // Go's scanner reads NUL as the end of the input
    }
    int n = input.length();
    int dollar = input.indexOf('$');
    if (dollar < 0) {
      return input;
    }
    StringBuilder out = new StringBuilder(n + 64);
    List<String> missing = null;
    int copied = 0;
    for (int i = dollar; i >= 0 && i + 1 < n; i = input.indexOf('$', i + 1)) {
      char next = input.charAt(i + 1);
      if (next == '$') { // "$$" is a literal "$"
        out.append(input, copied, i + 1);
        copied = i + 2;
        i++;
        continue;
      }
      if (next != '{') {
        continue; // a lone '$' is text
      }
      int end = i + 2;
      while (end < n) {
        int cp = input.codePointAt(end);
        if (!EnvsubstScanner.acceptIdent(cp, 0)) {
          break;
        }
        end += Character.charCount(cp);
      }
      if (end == i + 2 || end >= n || input.charAt(end) != '}') {
        return null; // an operator or a malformed expression: the parser decides
      }
      String name = input.substring(i + 2, end);
      String value = lookup.get(name);
      if (value == null) {
        if (missing == null) {
          missing = new ArrayList<>();
        }
        missing.add(name);
        value = "";
      }
      out.append(input, copied, i).append(value);
      copied = end + 1;
      i = end;
    }
    out.append(input, copied, n);
    if (missing != null) {
      missing.forEach(onMissing);
    }
    return out.toString();
  }

  /** The general expansion: Flux's parser, then its evaluation of the tree. */
  static String evalParsed(String input, Lookup lookup, Consumer<String> onMissing)
      throws SubstitutionException {
    Node root;
    try {
      root = EnvsubstParser.parse(input);
    } catch (ParseException e) {
      throw new SubstitutionException(e.getMessage());
    }
    StringBuilder out = new StringBuilder(input.length() + 64);
    evaluate(root, lookup, onMissing, out);
    return out.toString();
  }

  static String notSet(String name) {
    return "variable not set (strict mode): \"" + name + "\"";
  }

  private static void evaluate(
      Node node, Lookup lookup, Consumer<String> onMissing, StringBuilder out) {
    if (node instanceof Text text) {
      out.append(text.value());
    } else if (node instanceof Sequence sequence) {
      for (Node child : sequence.nodes()) {
        evaluate(child, lookup, onMissing, out);
      }
    } else if (node instanceof Func func) {
      List<String> args = new ArrayList<>(func.args().size());
      for (Node arg : func.args()) {
        StringBuilder buf = new StringBuilder();
        evaluate(arg, lookup, onMissing, buf);
        args.add(buf.toString());
      }
      String value = lookup.get(func.param());
      if (value == null) {
        if (!DEFAULT_OPERATORS.contains(func.name())) {
          onMissing.accept(func.param());
        }
        value = "";
      }
      out.append(apply(func.name(), value, args));
    }
  }

  // template.go lookupFunc + funcs.go

  static String apply(String name, String s, List<String> args) {
    return switch (name) {
      case "," -> s.isEmpty() ? s : mapFirst(s, false);
      case ",," -> mapAll(s, false);
      case "^" -> s.isEmpty() ? s : mapFirst(s, true);
      case "^^" -> mapAll(s, true);
      case "#" -> args.isEmpty() ? Integer.toString(utf8Length(s)) : trimShortestPrefix(s, args);
      case "##" -> args.isEmpty() ? s : trimLongest(s, args.get(0));
      case "%" -> args.isEmpty() ? s : reverse(trimShortest(reverse(s), reverse(args.get(0))));
      case "%%" -> args.isEmpty() ? s : reverse(trimLongest(reverse(s), reverse(args.get(0))));
      case ":" -> substring(s, args);
      case "/#" -> replacePrefix(s, args);
      case "/%" -> replaceSuffix(s, args);
      case "/" -> replace(s, args, 1);
      case "//" -> replace(s, args, -1);
      default -> s.isEmpty() && !args.isEmpty() ? String.join("", args) : s;
    };
  }

  private static String trimShortestPrefix(String s, List<String> args) {
    return trimShortest(s, args.get(0));
  }

  /** Go's unicode.ToUpper/ToLower per code point (no locale or context rules). */
  private static String mapAll(String s, boolean upper) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> b.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
    return b.toString();
  }

  private static String mapFirst(String s, boolean upper) {
    int cp = s.codePointAt(0);
    int mapped = upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp);
    return new StringBuilder()
        .appendCodePoint(mapped)
        .append(s, Character.charCount(cp), s.length())
        .toString();
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static Long goAtoi(String text) {
    if (!GO_INT.matcher(text).matches()) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null; // out of range, as strconv.Atoi reports
    }
  }

  private static String substring(String s, List<String> args) {
    if (args.isEmpty()) {
      return s;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    long len = bytes.length;
    Long position = goAtoi(args.get(0));
    if (position == null) {
      return s;
    }
    long pos = position;
    if (pos < 0) {
      pos = Math.max(0, len + pos);
    }
    if (args.size() == 1) {
      return pos < len ? slice(bytes, pos, len) : "";
    }
    Long length = goAtoi(args.get(1));
    if (length == null) {
      return s;
    }
    if (length < 0) {
      long end = len + length;
      if (end < pos) {
        return "";
      }
      return slice(bytes, pos, end);
    }
    if (length >= len
        || pos + length >= len) { // the first test also keeps pos + length from overflowing
      return pos < len ? slice(bytes, pos, len) : "";
    }
    return slice(bytes, pos, pos + length);
  }

  private static String slice(byte[] bytes, long from, long to) {
    return new String(Arrays.copyOfRange(bytes, (int) from, (int) to), StandardCharsets.UTF_8);
  }

  private static String replace(String s, List<String> args, int n) {
    return switch (args.size()) {
      case 0 -> s;
      case 1 -> goReplace(s, args.get(0), "", n);
      default -> goReplace(s, args.get(0), args.get(1), n);
    };
  }

  private static String replacePrefix(String s, List<String> args) {
    if (args.size() != 2) {
      return s;
    }
    return s.startsWith(args.get(0)) ? goReplace(s, args.get(0), args.get(1), 1) : s;
  }

  private static String replaceSuffix(String s, List<String> args) {
    if (args.size() != 2) {
      return s;
    }
    if (s.endsWith(args.get(0))) {
      return s.substring(0, s.length() - args.get(0).length()) + args.get(1);
    }
    return s;
  }

  /** Go's strings.Replace: an empty {@code old} matches before every code point and at the end. */
  static String goReplace(String s, String old, String replacement, int n) {
    if (old.equals(replacement) || n == 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int start = 0;
    int done = 0;
    while (n < 0 || done < n) {
      int j;
      if (old.isEmpty()) {
        if (done > 0) {
          if (start >= s.length()) {
            break;
          }
          int cp = s.codePointAt(start);
          b.append(s, start, start + Character.charCount(cp));
          start += Character.charCount(cp);
        }
        j = start;
      } else {
        j = s.indexOf(old, start);
        if (j < 0) {
          break;
        }
        b.append(s, start, j);
        start = j + old.length();
      }
      b.append(replacement);
      done++;
    }
    b.append(s, Math.min(start, s.length()), s.length());
    return b.toString();
  }

  private static String trimShortest(String s, String pattern) {
    String shortest = "";
    // funcs.go tries every non-empty prefix, longest first, and keeps the last (shortest) match.
    for (int end = s.length(); end > 0; end = previousBoundary(s, end)) {
      String prefix = s.substring(0, end);
      try {
        if (ShellPattern.matches(pattern, prefix)) {
          shortest = prefix;
        }
      } catch (ShellPattern.BadPatternException e) {
        return s;
      }
    }
    return shortest.isEmpty() ? s : s.substring(shortest.length());
  }

  private static String trimLongest(String s, String pattern) {
    for (int end = s.length(); end > 0; end = previousBoundary(s, end)) {
      try {
        if (ShellPattern.matches(pattern, s.substring(0, end))) {
          return s.substring(end);
        }
      } catch (ShellPattern.BadPatternException e) {
        return s;
      }
    }
    return s;
  }

  private static int previousBoundary(String s, int end) {
    return end - Character.charCount(s.codePointBefore(end));
  }

  private static String reverse(String s) {
    int[] cps = s.codePoints().toArray();
    StringBuilder b = new StringBuilder(s.length());
    for (int i = cps.length - 1; i >= 0; i--) {
      b.appendCodePoint(cps[i]);
    }
    return b.toString();
  }
}
