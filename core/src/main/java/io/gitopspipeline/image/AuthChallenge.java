package io.gitopspipeline.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235): {@code Bearer
 * realm="https://auth.example/token",service="registry",scope="repository:app:pull"} or {@code
 * Basic realm="Registry"}. Only the first challenge of a header is read.
 *
 * @param scheme lowercase, e.g. {@code bearer} or {@code basic}
 * @param params parameter names lowercased, values unquoted
 */
record AuthChallenge(String scheme, Map<String, String> params) {
  private static final int MAX_LENGTH = 8192;

  static Optional<AuthChallenge> parse(String header) {
    if (header == null || header.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int i = skipSpaces(header, 0);
    int start = i;
    while (i < header.length() && isTokenChar(header.charAt(i))) {
      i++;
    }
    if (i == start) {
      return Optional.empty();
    }
    String scheme = header.substring(start, i).toLowerCase(Locale.ROOT);
    Map<String, String> params = new LinkedHashMap<>();
    while (i < header.length()) {
      i = skipSpaces(header, i);
      while (i < header.length() && header.charAt(i) == ',') {
        i = skipSpaces(header, i + 1);
      }
      int nameStart = i;
      while (i < header.length() && isTokenChar(header.charAt(i))) {
        i++;
      }
      if (i == nameStart) {
        break;
      }
      String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i = skipSpaces(header, i);
      if (i >= header.length() || header.charAt(i) != '=') {
        break; // the next challenge's scheme, or token68 syntax
      }
      i = skipSpaces(header, i + 1);
      StringBuilder value = new StringBuilder();
      if (i < header.length() && header.charAt(i) == '"') {
        i++;
        while (i < header.length() && header.charAt(i) != '"') {
          char c = header.charAt(i);
          if (c == '\\' && i + 1 < header.length()) {
            i++;
            c = header.charAt(i);
          }
          value.append(c);
          i++;
        }
        i++; // the closing quote, if any
      } else {
        while (i < header.length() && header.charAt(i) != ',' && header.charAt(i) != ' ') {
          value.append(header.charAt(i));
          i++;
        }
      }
      params.putIfAbsent(name, value.toString());
    }
    return Optional.of(new AuthChallenge(scheme, Map.copyOf(params)));
  }

  String param(String name) {
    return params.get(name);
  }

  private static int skipSpaces(String text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
