package io.gitopspipeline.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the Go text/template actions the documented Argo CD template uses, and refuses every
 * other action, so the documented template cannot grow syntax this test does not render:
 *
 * <ul>
 *   <li>{@code {{ .a.b.c | toJson }}}: a field chain on the template's data (maps); a missing key
 *       gives Go's zero value for a map lookup, {@code nil};
 *   <li>{@code {{ dig "k1" "k2" … DEFAULT .app | toJson }}} with {@code DEFAULT} {@code ""} or
 *       {@code nil}: Sprig's {@code dig}, which walks nested maps and returns the default at the
 *       first missing key (and fails on a non-map on the way, as Sprig's type assertion does).
 * </ul>
 *
 * {@code toJson} is Sprig's {@code json.Marshal}; Go additionally escapes {@code <>&} as {@code
 * \u003c…}, which is the same JSON value.
 */
final class GoTemplateSubset {
  private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
  private static final Pattern FIELD_CHAIN = Pattern.compile("(\\.[A-Za-z_][A-Za-z0-9_]*)+");
  private static final Pattern DIG =
      Pattern.compile("dig((?:\\s+\"[A-Za-z0-9_]+\")+)\\s+(\"\"|nil)\\s+(\\.[A-Za-z_]+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private GoTemplateSubset() {}

  static String render(String template, Map<String, Object> data) {
    Matcher matcher = ACTION.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(action(matcher.group(1), data)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String action(String action, Map<String, Object> data) {
    String[] pipeline = action.strip().split("\\s*\\|\\s*");
    if (pipeline.length != 2 || !pipeline[1].equals("toJson")) {
      throw new IllegalArgumentException("unsupported action {{" + action + "}}: not '… | toJson'");
    }
    Object value;
    Matcher dig = DIG.matcher(pipeline[0]);
    if (FIELD_CHAIN.matcher(pipeline[0]).matches()) {
      value = field(data, pipeline[0]);
    } else if (dig.matches()) {
      Object dict = field(data, dig.group(3));
      value = dig(dict, keys(dig.group(1)), dig.group(2).equals("nil") ? null : "");
    } else {
      throw new IllegalArgumentException("unsupported command '" + pipeline[0] + "'");
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> keys(String quoted) {
    List<String> keys = new ArrayList<>();
    for (String key : quoted.strip().split("\\s+")) {
      keys.add(key.substring(1, key.length() - 1));
    }
    return keys;
  }

  private static Object field(Object data, String chain) {
    Object value = data;
    for (String name : chain.substring(1).split("\\.")) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("can't evaluate field " + name + " in " + chain);
      }
      value = map.get(name);
    }
    return value;
  }

  private static Object dig(Object dict, List<String> keys, Object fallback) {
    Object value = dict;
    for (String key : keys) {
      if (!(value instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("dig: '" + key + "' is looked up in a non-map");
      }
      if (!map.containsKey(key)) {
        return fallback;
      }
      value = map.get(key);
    }
    return value;
  }
}
