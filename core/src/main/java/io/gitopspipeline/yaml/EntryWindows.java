package io.gitopspipeline.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.yaml.YamlTree.Alias;
import io.gitopspipeline.yaml.YamlTree.Document;
import io.gitopspipeline.yaml.YamlTree.Mapping;
import io.gitopspipeline.yaml.YamlTree.Node;
import io.gitopspipeline.yaml.YamlTree.Scalar;
import io.gitopspipeline.yaml.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Value edits in a large file that parse only the entries they touch. Parsing a whole MB costs
 * about 40 ms; an edit of one tag should not. {@link BlockOutline} proves, lexically, that each
 * line of the file starts in block context, so the entry a path names is exactly the lines from its
 * {@code key:} line to the next line indented as much or less; that entry is cut out, edited and
 * verified on its own ({@link TextEditor#setInWholeText}), and spliced back.
 *
 * <p>Exact because the parser reaches an entry's first line in the same state in both texts (every
 * line starts in block context, and the entry's mapping has the key's indentation), the entry holds
 * every line the parser would give that entry's value, and the rest of the file is byte-identical.
 * What is given up: a syntax error outside the edited entries is not reported (it is left exactly
 * as it was). Anything the outline cannot prove, or any problem at all in the windows, returns null
 * and the caller parses the whole file, which then reports the problem.
 */
final class EntryWindows {
  /** Below this size the whole-file parse takes a few milliseconds and also checks all of it. */
  static final int MIN_LENGTH = 64 * 1024;

  private final TextEditor editor;
  private final YamlLimits limits;
  private final int minLength;

  EntryWindows(TextEditor editor, YamlLimits limits, int minLength) {
    this.editor = editor;
    this.limits = limits;
    this.minLength = minLength;
  }

  /** One entry to edit: lines {@code [from, to)}, {@code depth} mappings below the root. */
  private record Window(int from, int to, int depth, List<Integer> updates) {}

  /** The edited text, or null when the whole file must be parsed instead. */
  TextEditor.Result set(
      String text, String selector, List<ValueUpdate> updates, boolean forceString) {
    if (text.length() < minLength
        || text.length() > limits.maxBytes()
        || !(selector == null || selector.isBlank() || selector.strip().equals("0"))) {
      return null;
    }
    List<YamlPath> paths = new ArrayList<>();
    List<Integer> all = new ArrayList<>();
    for (ValueUpdate update : updates) {
      YamlPath path;
      try {
        path = YamlPath.parse(update.path());
      } catch (InvalidInputException e) {
        return null;
      }
      if (!(path.segments().get(0) instanceof YamlPath.Key)) {
        return null;
      }
      all.add(paths.size());
      paths.add(path);
    }
    BlockOutline outline = BlockOutline.read(text);
    if (outline == null) {
      return null;
    }
    List<Window> windows = narrow(outline, paths, 0, outline.lines(), 0, 0, all);
    if (windows == null) {
      return null;
    }
    windows.sort(Comparator.comparingInt(Window::from));
    String lineBreak = TextEditor.lineBreak(text);
    StringBuilder out = new StringBuilder(text.length() + 64);
    TreeMap<Integer, Change> changes = new TreeMap<>();
    int at = 0;
    for (Window window : windows) {
      int from = outline.start(window.from());
      int to = outline.start(window.to());
      String edited =
          edit(
              text.substring(from, to),
              window,
              outline,
              paths,
              updates,
              forceString,
              lineBreak,
              changes);
      if (edited == null) {
        return null;
      }
      out.append(text, at, from).append(edited);
      at = to;
    }
    out.append(text, at, text.length());
    return new TextEditor.Result(out.toString(), List.copyOf(changes.values()));
  }

  /**
   * The windows for {@code items} among the entries at indentation {@code column} in lines {@code
   * [from, to)}, as deep as the paths and the outline allow; null when these entries cannot be told
   * apart lexically (the caller then takes the enclosing entry, or the whole file at the root).
   */
  private static List<Window> narrow(
      BlockOutline outline,
      List<YamlPath> paths,
      int from,
      int to,
      int column,
      int depth,
      List<Integer> items) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int item : items) {
      String name = ((YamlPath.Key) paths.get(item).segments().get(depth)).name();
      groups.computeIfAbsent(name, n -> new ArrayList<>()).add(item);
    }
    Map<String, Integer> lines = new HashMap<>();
    int lastKey = -1;
    for (int l = from; l < to; l++) {
      byte kind = outline.kind(l);
      if (kind == BlockOutline.BLANK) {
        continue;
      }
      int indent = outline.indent(l);
      if (indent > column) {
        if (lastKey < 0) {
          return null;
        }
        continue;
      }
      if (indent < column) {
        return null;
      }
      if (kind == BlockOutline.ITEM) {
        if (lastKey < 0 || outline.valueOnLine(lastKey)) {
          return null;
        }
        continue; // an item of the previous key's indentless sequence
      }
      if (kind != BlockOutline.KEY) {
        return null;
      }
      String key = outline.key(l);
      if (key == null || key.equals("<<")) {
        return null; // an escaped key may equal a wanted one; a merge key may supply it
      }
      if (groups.containsKey(key) && lines.put(key, l) != null) {
        return null; // a duplicate key: the whole-file parse reports it
      }
      lastKey = l;
    }
    List<Window> windows = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> group : groups.entrySet()) {
      Integer line = lines.get(group.getKey());
      if (line == null) {
        return null;
      }
      int end = outline.entryEnd(line);
      List<Window> deeper = null;
      if (descends(paths, group.getValue(), depth) && !outline.valueOnLine(line)) {
        int first = line + 1;
        while (first < end && outline.kind(first) == BlockOutline.BLANK) {
          first++;
        }
        if (first < end && outline.indent(first) > column) {
          deeper =
              narrow(
                  outline, paths, first, end, outline.indent(first), depth + 1, group.getValue());
        }
      }
      if (deeper != null) {
        windows.addAll(deeper);
      } else {
        windows.add(new Window(line, end, depth, group.getValue()));
      }
    }
    return windows;
  }

  /** Whether every path goes on through a mapping key below {@code depth}. */
  private static boolean descends(List<YamlPath> paths, List<Integer> items, int depth) {
    for (int item : items) {
      List<YamlPath.Segment> segments = paths.get(item).segments();
      if (segments.size() <= depth + 1 || !(segments.get(depth + 1) instanceof YamlPath.Key)) {
        return false;
      }
    }
    return true;
  }

  /** Edits one entry on its own; null when anything needs the whole file. */
  private String edit(
      String old,
      Window window,
      BlockOutline outline,
      List<YamlPath> paths,
      List<ValueUpdate> updates,
      boolean forceString,
      String lineBreak,
      Map<Integer, Change> changes) {
    int maxDepth = limits.maxDepth() - window.depth();
    if (maxDepth <= 0) {
      return null;
    }
    YamlLimits local =
        new YamlLimits(limits.maxBytes(), maxDepth, limits.maxAliases(), limits.maxExpandedNodes());
    String name =
        ((YamlPath.Key) paths.get(window.updates().get(0)).segments().get(window.depth())).name();
    List<Document> documents;
    try {
      documents = YamlTree.parse(old, local);
      if (documents.size() != 1
          || !(documents.get(0).root() instanceof Mapping root)
          || root.flow
          || root.keys.size() != 1
          || !(root.keys.get(0) instanceof Scalar key)
          || !key.value.equals(name)
          || shared(root)) {
        return null;
      }
    } catch (InvalidInputException e) {
      return null;
    }
    List<ValueUpdate> entryUpdates = new ArrayList<>();
    Map<String, Integer> byPath = new HashMap<>();
    for (int item : window.updates()) {
      YamlPath path = paths.get(item);
      String suffix = path.from(window.depth());
      if (suffix == null || byPath.put(suffix, item) != null) {
        return null;
      }
      entryUpdates.add(new ValueUpdate(suffix, updates.get(item).value(), false));
    }
    TextEditor.Result result;
    try {
      result = editor.setInWholeText(old, documents, null, entryUpdates, forceString, lineBreak);
    } catch (GitOpsException e) {
      return null; // a missing key, a guard refusal, ...: the whole-file edit says it properly
    }
    String edited = result.text();
    if (!sameBoundary(old, edited, outline.indent(window.from()))) {
      return null;
    }
    for (Change change : result.changes()) {
      int item = byPath.get(change.path());
      changes.put(
          item,
          new Change(
              change.document(),
              updates.get(item).path(),
              change.line() + window.from(),
              change.oldValue(),
              change.newValue(),
              change.setter()));
    }
    return edited;
  }

  /**
   * Whether the edited entry still ends where the old one did: it is still simple block YAML, its
   * first line is the key and every later line belongs to it.
   */
  private static boolean sameBoundary(String old, String edited, int column) {
    if (old.endsWith("\n") != edited.endsWith("\n")) {
      return false;
    }
    BlockOutline outline = BlockOutline.read(edited);
    return outline != null
        && outline.lines() > 0
        && outline.kind(0) == BlockOutline.KEY
        && outline.indent(0) == column
        && outline.entryEnd(0) == outline.lines();
  }

  /** Whether a node below holds an anchor or an alias: either may reach outside the entry. */
  private static boolean shared(Node node) {
    if (node.anchor != null || node instanceof Alias) {
      return true;
    }
    if (node instanceof Mapping mapping) {
      for (int i = 0; i < mapping.keys.size(); i++) {
        if (shared(mapping.keys.get(i)) || shared(mapping.values.get(i))) {
          return true;
        }
      }
    } else if (node instanceof Sequence sequence) {
      for (Node item : sequence.items) {
        if (shared(item)) {
          return true;
        }
      }
    }
    return false;
  }
}
