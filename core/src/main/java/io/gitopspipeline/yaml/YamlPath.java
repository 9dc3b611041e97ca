package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A path to a node: dotted keys ({@code image.tag}), list indexes ({@code containers.0} or {@code
 * containers[0]}), escaped dots ({@code metadata.annotations.example\.com/team}) and selection of a
 * list item by a field ({@code containers[name=app].image}).
 */
record YamlPath(String text, List<Segment> segments) {
  sealed interface Segment permits Key, Index, Select {}

  /** A mapping key; {@code numeric} keys also index a sequence. */
  record Key(String name) implements Segment {
    boolean numeric() {
      return !name.isEmpty() && name.length() < 10 && name.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
      return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[");
    }
  }

  record Index(int index) implements Segment {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  record Select(String field, String value) implements Segment {
    @Override
    public String toString() {
      return "[" + field + "=" + value.replace("]", "\\]") + "]";
    }
  }

  static YamlPath parse(String text) throws InvalidInputException {
    if (text == null || text.isEmpty()) {
      throw new InvalidInputException("the YAML path is empty; give keys like 'image.tag'");
    }
    List<Segment> segments = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    boolean keyStarted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw invalid(text, "ends with a lone backslash");
        }
        key.append(text.charAt(i + 1));
        keyStarted = true;
        i += 2;
      } else if (c == '.') {
        if (keyStarted) {
          segments.add(new Key(key.toString()));
        } else if (segments.isEmpty() || text.charAt(i - 1) != ']') {
          throw invalid(text, "has an empty key at position " + (i + 1));
        }
        key.setLength(0);
        keyStarted = false;
        i++;
        if (i == text.length()) {
          throw invalid(text, "ends with a dot");
        }
      } else if (c == '[') {
        if (keyStarted) {
          segments.add(new Key(key.toString()));
          key.setLength(0);
          keyStarted = false;
        }
        StringBuilder inside = new StringBuilder();
        int j = i + 1;
        boolean closed = false;
        while (j < text.length()) {
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < text.length()) {
            inside.append(text.charAt(j + 1));
            j += 2;
          } else if (d == ']') {
            closed = true;
            break;
          } else {
            inside.append(d);
            j++;
          }
        }
        if (!closed) {
          throw invalid(text, "has a '[' without a closing ']'");
        }
        segments.add(bracket(text, inside.toString()));
        i = j + 1;
        if (i < text.length() && text.charAt(i) != '.' && text.charAt(i) != '[') {
          throw invalid(text, "needs a '.' after ']' at position " + (i + 1));
        }
      } else {
        key.append(c);
        keyStarted = true;
        i++;
      }
    }
    if (keyStarted) {
      segments.add(new Key(key.toString()));
    }
    return new YamlPath(text, List.copyOf(segments));
  }

  private static Segment bracket(String path, String inside) throws InvalidInputException {
    int eq = inside.indexOf('=');
    if (eq < 0) {
      try {
        int index = Integer.parseInt(inside.strip());
        if (index < 0) {
          throw invalid(path, "has a negative list index [" + inside + "]");
        }
        return new Index(index);
      } catch (NumberFormatException e) {
        throw invalid(path, "has '[" + inside + "]'; use [N] for an index or [field=value]");
      }
    }
    String field = inside.substring(0, eq).strip();
    if (field.isEmpty()) {
      throw invalid(path, "has a selection '[" + inside + "]' without a field name");
    }
    return new Select(field, inside.substring(eq + 1));
  }

  private static InvalidInputException invalid(String path, String why) {
    return new InvalidInputException("the YAML path '" + path + "' " + why);
  }

  /** The path of the first {@code count} segments, for messages. */
  String prefix(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      Segment segment = segments.get(i);
      if (i > 0 && !(segment instanceof Index) && !(segment instanceof Select)) {
        out.append('.');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /**
   * The path of the segments from {@code first} on, in the syntax {@link #parse} reads; null when
   * that text would not read back as the same segments.
   */
  String from(int first) {
    StringBuilder out = new StringBuilder();
    for (int i = first; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (i > first && !(segment instanceof Index) && !(segment instanceof Select)) {
        out.append('.');
      }
      out.append(segment);
    }
    try {
      return parse(out.toString()).segments().equals(segments.subList(first, segments.size()))
          ? out.toString()
          : null;
    } catch (InvalidInputException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
