package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hides Secret values in text meant for people: pull-request bodies, diffs, summaries, logs. A
 * {@code Secret}'s {@code data} and {@code stringData} keep their keys, every value becomes {@link
 * #MARKER}, encrypted or not (a SOPS ciphertext still tells a reader when a value changed, and
 * nothing else of use); SOPS's own {@code ENC[...]} strings are hidden wherever they are.
 */
public final class SecretRedactor {
  /** What every hidden value reads as. */
  public static final String MARKER = "<redacted>";

  /** What a text reads as when it may hold a Secret but cannot be read as YAML. */
  public static final String UNREADABLE =
      "# (content hidden: it names a Secret but is not readable YAML)\n";

  private SecretRedactor() {}

  /**
   * The text with every Secret value hidden, in the normalised form of a rendered manifest; a text
   * with nothing to hide is returned as it is.
   */
  public static String redact(String yaml) {
    if (!mayHoldSecret(yaml)) {
      return yaml;
    }
    List<Map<String, Object>> documents = read(yaml);
    if (documents == null) {
      return UNREADABLE;
    }
    boolean hidden = false;
    List<String> texts = new ArrayList<>();
    for (Map<String, Object> doc : documents) {
      Map<String, Object> masked = mask(doc, false);
      hidden |= !masked.equals(doc);
      texts.add(ManifestYaml.normalised(masked));
    }
    if (!hidden) {
      return yaml;
    }
    return texts.size() == 1 ? texts.get(0) : "---\n" + String.join("---\n", texts);
  }

  /**
   * Whether two texts differ only in Secret values (and SOPS's metadata, which changes with every
   * encryption): a chart that generates a random password on each render, or a re-encryption.
   */
  public static boolean onlySecretDataDiffers(String before, String after) {
    if (Objects.equals(before, after) || !mayHoldSecret(before) || !mayHoldSecret(after)) {
      return false;
    }
    List<Map<String, Object>> a = read(before);
    List<Map<String, Object>> b = read(after);
    if (a == null || b == null || a.size() != b.size()) {
      return false;
    }
    boolean anySecret = false;
    for (int i = 0; i < a.size(); i++) {
      if (!mask(a.get(i), true).equals(mask(b.get(i), true))) {
        return false;
      }
      anySecret |= SecretGuard.isSecret(a.get(i));
    }
    return anySecret;
  }

  private static final java.util.regex.Pattern ENC =
      java.util.regex.Pattern.compile("ENC\\[[^\\]\\s]*\\]");
  private static final java.util.regex.Pattern KEY_LINE =
      java.util.regex.Pattern.compile("^(\\s*)(\"[^\"]*\"|'[^']*'|[^\\s:#][^:#]*?):(\\s+.*|)$");

  /**
   * A unified diff with Secret values hidden, read line by line: for text that is already a diff (a
   * pull request body built from a diff made elsewhere), where {@link #redact} cannot see whole
   * files. In the section of a file that holds a Secret (a {@code kind: Secret} line, or a rendered
   * {@code secret-*.yaml}), every value under {@code data}/{@code stringData} is hidden, and where
   * a hunk starts inside an unknown block, every indented value is; {@code ENC[...]} strings are
   * hidden everywhere.
   */
  public static String redactDiff(String diff) {
    if (diff == null || !mayHoldSecret(diff) && !diff.contains("secret-")) {
      return diff;
    }
    List<String> lines = List.of(diff.split("\n", -1));
    StringBuilder out = new StringBuilder();
    int start = 0;
    while (start < lines.size()) {
      int end = start + 1;
      while (end < lines.size() && !lines.get(end).startsWith("diff --git ")) {
        end++;
      }
      List<String> section = lines.subList(start, end);
      boolean secret =
          section.stream()
              .anyMatch(
                  l ->
                      (l.startsWith("diff --git ") || l.startsWith("+++ ") || l.startsWith("--- "))
                              && l.matches(".*/secret-[^/]*\\.ya?ml\\s*$")
                          || l.length() > 1 && l.substring(1).trim().equals("kind: Secret"));
      maskSection(section, secret, out);
      start = end;
    }
    out.setLength(Math.max(0, out.length() - 1)); // the split kept the text's last line ending
    return out.toString();
  }

  private static void maskSection(List<String> section, boolean secret, StringBuilder out) {
    // -1: outside data; >= 0: inside data/stringData indented this much; -2: not known (hunk start)
    int dataIndent = -1;
    int blockIndent = -1;
    for (String line : section) {
      String masked = ENC.matcher(line).replaceAll(MARKER);
      boolean body =
          !line.isEmpty()
              && "+- ".indexOf(line.charAt(0)) >= 0
              && !line.startsWith("+++ ")
              && !line.startsWith("--- ");
      if (line.startsWith("@@")) {
        dataIndent = -2;
        blockIndent = -1;
      } else if (secret && body) {
        String content = line.substring(1);
        int indent = content.length() - content.stripLeading().length();
        if (content.isBlank()) {
          // keep
        } else if (blockIndent >= 0 && indent > blockIndent) {
          masked = line.charAt(0) + " ".repeat(indent) + MARKER;
        } else {
          blockIndent = -1;
          java.util.regex.Matcher key = KEY_LINE.matcher(content);
          boolean inData = dataIndent >= 0 && indent > dataIndent || dataIndent == -2 && indent > 0;
          if (indent == 0 || dataIndent >= 0 && indent <= dataIndent) {
            dataIndent = -1;
            inData = false;
          }
          if (key.matches()) {
            String name = key.group(2);
            String value = key.group(3).trim();
            if ((name.equals("data") || name.equals("stringData"))) {
              if (value.isEmpty()) {
                dataIndent = indent;
              } else {
                masked =
                    line.charAt(0) + content.substring(0, content.indexOf(':') + 1) + " " + MARKER;
              }
            } else if (inData && !value.isEmpty()) {
              masked = line.charAt(0) + content.substring(0, key.end(2) + 1) + " " + MARKER;
              if (value.startsWith("|") || value.startsWith(">")) {
                blockIndent = indent;
              }
            }
          } else if (inData) {
            masked = line.charAt(0) + " ".repeat(indent) + MARKER;
          }
        }
      }
      out.append(masked).append('\n');
    }
  }

  private static boolean mayHoldSecret(String yaml) {
    // a backslash may be an escape spelling "Secret" another way in a double-quoted scalar
    return yaml != null
        && (yaml.contains("Secret") || yaml.contains("ENC[") || yaml.indexOf('\\') >= 0);
  }

  /** The documents as maps, or null when the text is not YAML mappings. */
  private static List<Map<String, Object>> read(String yaml) {
    try {
      List<Map<String, Object>> out = new ArrayList<>();
      for (ManifestYaml.Document doc : ManifestYaml.parseAll(yaml, "text")) {
        if (!(ManifestYaml.toJava(doc.node(), "text") instanceof Map<?, ?> map)) {
          return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> content = (Map<String, Object>) map;
        out.add(content);
      }
      return out;
    } catch (InvalidInputException | RuntimeException e) {
      return null;
    }
  }

  /** A copy with Secret values and ENC strings masked; {@code dropSops} also drops SOPS's block. */
  private static Map<String, Object> mask(Map<String, Object> content, boolean dropSops) {
    boolean secret = SecretGuard.isSecret(content);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : content.entrySet()) {
      String key = e.getKey();
      if (dropSops && key.equals("sops")) {
        continue;
      }
      if ("List".equals(content.get("kind"))
          && key.equals("items")
          && e.getValue() instanceof List<?> items) {
        List<Object> masked = new ArrayList<>();
        for (Object item : items) {
          masked.add(item instanceof Map<?, ?> m ? mask(cast(m), dropSops) : item);
        }
        out.put(key, masked);
      } else if (secret
          && (key.equals("data") || key.equals("stringData"))
          && e.getValue() instanceof Map<?, ?> values) {
        Map<String, Object> masked = new LinkedHashMap<>();
        values.forEach((k, v) -> masked.put(String.valueOf(k), MARKER));
        out.put(key, masked);
      } else {
        out.put(key, maskEncrypted(e.getValue()));
      }
    }
    return out;
  }

  private static Object maskEncrypted(Object value) {
    if (SecretGuard.isEncrypted(value)) {
      return MARKER;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), maskEncrypted(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SecretRedactor::maskEncrypted).toList();
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
