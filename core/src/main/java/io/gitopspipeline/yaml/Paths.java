package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.yaml.YamlTree.Alias;
import io.gitopspipeline.yaml.YamlTree.Document;
import io.gitopspipeline.yaml.YamlTree.Mapping;
import io.gitopspipeline.yaml.YamlTree.Node;
import io.gitopspipeline.yaml.YamlTree.Scalar;
import io.gitopspipeline.yaml.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Finds the node a {@link YamlPath} names in one document, refusing anything ambiguous. */
final class Paths {
  private final String text;
  private final Document document;

  Paths(String text, Document document) {
    this.text = text;
    this.document = document;
  }

  /**
   * Where a path led: the scalar, or (for {@code create}) the deepest existing node and the index
   * of the first missing segment; {@code key} is the mapping key holding {@code node}, if any.
   */
  record Found(Scalar scalar, Node node, Node key, int missing) {}

  Found find(YamlPath path, boolean create) throws InvalidInputException {
    Node current = document.root();
    Node currentKey = null;
    List<YamlPath.Segment> segments = path.segments();
    for (int i = 0; i < segments.size(); i++) {
      refuseShared(path, i, current);
      YamlPath.Segment segment = segments.get(i);
      Node next = null;
      Node nextKey = null;
      if (segment instanceof YamlPath.Key key && current instanceof Mapping mapping) {
        int at = keyIndex(path, i, mapping, key.name());
        if (at < 0) {
          refuseMerged(path, i, mapping, key.name());
          if (create) {
            return new Found(null, mapping, currentKey, i);
          }
          throw missing(path, i, mapping, key.name());
        }
        next = mapping.values.get(at);
        nextKey = mapping.keys.get(at);
      } else if (current instanceof Sequence sequence
          && (segment instanceof YamlPath.Index
              || (segment instanceof YamlPath.Key k && k.numeric()))) {
        int index =
            segment instanceof YamlPath.Index idx
                ? idx.index()
                : Integer.parseInt(((YamlPath.Key) segment).name());
        if (index >= sequence.items.size()) {
          throw new InvalidInputException(
              where(path, i)
                  + " is a list of "
                  + sequence.items.size()
                  + " items; index "
                  + index
                  + " does not exist (indexes start at 0)");
        }
        next = sequence.items.get(index);
      } else if (segment instanceof YamlPath.Select select
          && current instanceof Sequence sequence) {
        next = select(path, i, sequence, select);
      } else if (create
          && segment instanceof YamlPath.Key
          && current instanceof Scalar scalar
          && scalar.empty
          && currentKey != null) {
        return new Found(null, scalar, currentKey, i);
      } else {
        throw new InvalidInputException(
            where(path, i)
                + " is "
                + describe(current)
                + ", so '"
                + segment
                + "' cannot be looked up in it (path '"
                + path
                + "')");
      }
      current = next;
      currentKey = nextKey;
    }
    refuseShared(path, segments.size(), current);
    if (current instanceof Scalar scalar) {
      return new Found(scalar, scalar, currentKey, -1);
    }
    throw new InvalidInputException(
        "'"
            + path
            + "' is "
            + describe(current)
            + ", not a single value; give the path of a value inside it");
  }

  /** The keys to add for a missing path, checked and placed. */
  TextEditor.Insertion creation(
      YamlPath path, Found found, String display, String value, boolean forceString)
      throws InvalidInputException {
    List<String> keys = new ArrayList<>();
    for (int i = found.missing(); i < path.segments().size(); i++) {
      if (!(path.segments().get(i) instanceof YamlPath.Key key)) {
        throw new InvalidInputException(
            "cannot create '"
                + path
                + "': only mapping keys can be created, not list items ('"
                + path.segments().get(i)
                + "' is missing)");
      }
      keys.add(key.name());
    }
    Fresh content = forceString ? Fresh.text(value) : Fresh.inferred(value);
    for (int i = keys.size() - 1; i >= 0; i--) {
      content = Fresh.map(List.of(java.util.Map.entry(keys.get(i), content)));
    }
    Placement placement = placeEntries(found.node(), found.key(), "create '" + path + "'");
    int line = TextEditor.lineOf(text, placement.offset()) + keys.size() - 1;
    if (placement.offset() > 0 && text.charAt(placement.offset() - 1) != '\n') {
      line++;
    }
    return new TextEditor.Insertion(
        found.node(),
        placement.offset(),
        placement.indent(),
        content,
        List.of(new Change(document.index(), display, line, null, value, null)));
  }

  /** Where new entries go in a block mapping, or below an empty value. */
  /**
   * Where new lines go ({@code offset}) and at which column; {@code clearFrom..clearTo} is text to
   * delete first on the key's line (an empty flow list {@code []} that becomes a block list).
   */
  record Placement(int offset, int indent, int clearFrom, int clearTo) {
    Placement(int offset, int indent) {
      this(offset, indent, offset, offset);
    }
  }

  Placement placeEntries(Node node, Node key, String what) throws InvalidInputException {
    if (node instanceof Mapping mapping) {
      if (mapping.flow) {
        throw new InvalidInputException(
            "cannot "
                + what
                + ": the mapping on line "
                + TextEditor.lineOf(text, mapping.start)
                + " is in flow style ({...}); add the key by hand or write it in block style");
      }
      return new Placement(insertionPoint(contentEnd(mapping)), column(mapping.keys.get(0).start));
    }
    if (node instanceof Scalar empty && empty.empty && !empty.flowContext && key != null) {
      return new Placement(
          insertionPoint(empty.end), column(key.start) + indentStep(document.root(), text));
    }
    throw new InvalidInputException(
        "cannot " + what + ": the value there is " + describe(node) + ", not a block mapping");
  }

  /** Where new items go in a block sequence, or below an empty value. */
  Placement placeItems(Node node, Node key, String what) throws InvalidInputException {
    if (node instanceof Sequence sequence && !sequence.flow && !sequence.items.isEmpty()) {
      Node first = sequence.items.get(0);
      int dash = first.start - 1;
      while (dash > 0 && text.charAt(dash) != '-') {
        dash--;
      }
      return new Placement(insertionPoint(contentEnd(sequence)), column(dash));
    }
    if (node instanceof Scalar empty && empty.empty && !empty.flowContext && key != null) {
      return new Placement(
          insertionPoint(empty.end), column(key.start) + sequenceIndent(document.root(), text));
    }
    if (node instanceof Sequence list && list.flow && list.items.isEmpty() && key != null) {
      Placement replaced = replaceEmptyFlowList(list, (Scalar) key);
      if (replaced != null) {
        return replaced;
      }
    }
    throw new InvalidInputException(
        "cannot "
            + what
            + ": the value there is "
            + describe(node)
            + (node instanceof Sequence ? " in flow style" : "")
            + ", not a block list");
  }

  private static final java.util.regex.Pattern KEY_TO_LIST =
      java.util.regex.Pattern.compile("[ \t]*:[ \t]+");
  private static final java.util.regex.Pattern AFTER_LIST =
      java.util.regex.Pattern.compile("[ \t]*(#[^\r\n]*)?(\r?\n)?");

  /**
   * An empty flow list can always become a block list, as kustomize writes it: {@code key: [] #
   * note} becomes {@code key: # note} followed by the new items. Only the plain case: the brackets
   * right after the key's colon on the key's line (no anchor, tag or line break inside), nothing
   * but a comment after them, and the key in block context.
   */
  private Placement replaceEmptyFlowList(Sequence list, Scalar key) {
    if (key.flowContext
        || list.anchor != null
        || list.start >= list.end
        || text.charAt(list.start) != '['
        || text.charAt(list.end - 1) != ']'
        || !text.substring(list.start + 1, list.end - 1).isBlank()
        || text.substring(list.start, list.end).contains("\n")) {
      return null;
    }
    java.util.regex.Matcher between = KEY_TO_LIST.matcher(text).region(key.end, list.start);
    int lineEnd = TextEditor.lineEnd(text, list.end);
    if (!between.matches()
        || !AFTER_LIST.matcher(text).region(list.end, lineEnd).matches()
        || TextEditor.lineStart(text, key.start) != TextEditor.lineStart(text, list.start)) {
      return null;
    }
    int colon = text.indexOf(':', key.end);
    return new Placement(
        insertionPoint(list.end),
        column(key.start) + sequenceIndent(document.root(), text),
        colon + 1,
        list.end);
  }

  /** How far a block list's dashes sit right of their key: 0 (kustomize style) or more. */
  static int sequenceIndent(Node root, String text) {
    List<Node> queue = new ArrayList<>();
    queue.add(root);
    for (int q = 0; q < queue.size() && q < 10_000; q++) {
      if (queue.get(q) instanceof Mapping mapping && !mapping.flow) {
        for (int i = 0; i < mapping.values.size(); i++) {
          if (mapping.values.get(i) instanceof Sequence child
              && !child.flow
              && !child.items.isEmpty()) {
            int dash = child.items.get(0).start - 1;
            while (dash > 0 && text.charAt(dash) != '-') {
              dash--;
            }
            return Math.max(0, columnIn(text, dash) - columnIn(text, mapping.keys.get(i).start));
          }
          queue.add(mapping.values.get(i));
        }
      } else if (queue.get(q) instanceof Sequence sequence) {
        queue.addAll(sequence.items);
      }
    }
    return 0;
  }

  /** The usual indentation step of the document: a nested mapping's offset from its parent. */
  static int indentStep(Node root, String text) {
    List<Node> queue = new ArrayList<>();
    queue.add(root);
    for (int q = 0; q < queue.size() && q < 10_000; q++) {
      if (queue.get(q) instanceof Mapping mapping && !mapping.flow) {
        for (int i = 0; i < mapping.values.size(); i++) {
          if (mapping.values.get(i) instanceof Mapping child
              && !child.flow
              && child.anchor == null) {
            int step =
                columnIn(text, child.keys.get(0).start) - columnIn(text, mapping.keys.get(i).start);
            if (step > 0) {
              return step;
            }
          }
          queue.add(mapping.values.get(i));
        }
      } else if (queue.get(q) instanceof Sequence sequence) {
        queue.addAll(sequence.items);
      }
    }
    return 2;
  }

  /** Where a node's own text ends, ignoring comments and blank lines a block collection spans. */
  static int contentEnd(Node node) {
    if (node instanceof Mapping mapping && !mapping.flow && !mapping.values.isEmpty()) {
      return contentEnd(mapping.values.get(mapping.values.size() - 1));
    }
    if (node instanceof Sequence sequence && !sequence.flow && !sequence.items.isEmpty()) {
      return contentEnd(sequence.items.get(sequence.items.size() - 1));
    }
    if (node instanceof Scalar scalar) {
      return scalar.empty ? scalar.end : scalar.textEnd;
    }
    return node.end;
  }

  /** The start of the line after {@code offset}, or {@code offset} when it starts a line. */
  private int insertionPoint(int offset) {
    if (offset > 0 && text.charAt(offset - 1) == '\n') {
      return offset;
    }
    return TextEditor.lineEnd(text, offset);
  }

  private int column(int offset) {
    return columnIn(text, offset);
  }

  private static int columnIn(String text, int offset) {
    return offset - TextEditor.lineStart(text, offset);
  }

  private int keyIndex(YamlPath path, int i, Mapping mapping, String name)
      throws InvalidInputException {
    int found = -1;
    for (int k = 0; k < mapping.keys.size(); k++) {
      if (mapping.keys.get(k) instanceof Scalar key && key.value.equals(name)) {
        if (found >= 0) {
          throw new InvalidInputException(
              where(path, i)
                  + " has the key '"
                  + name
                  + "' twice (lines "
                  + TextEditor.lineOf(text, mapping.keys.get(found).start)
                  + " and "
                  + TextEditor.lineOf(text, key.start)
                  + "); remove the duplicate first");
        }
        found = k;
      }
    }
    return found;
  }

  private void refuseMerged(YamlPath path, int i, Mapping mapping, String name)
      throws InvalidInputException {
    for (int k = 0; k < mapping.keys.size(); k++) {
      if (mapping.keys.get(k) instanceof Scalar key && key.value.equals("<<")) {
        List<Node> sources = new ArrayList<>();
        Node merged = mapping.values.get(k);
        if (merged instanceof Sequence sequence) {
          sources.addAll(sequence.items);
        } else {
          sources.add(merged);
        }
        for (Node source : sources) {
          Node target = source instanceof Alias alias ? alias.target : source;
          if (target instanceof Mapping from && hasKey(from, name)) {
            throw new InvalidInputException(
                "'"
                    + path.prefix(i + 1)
                    + "' comes from the merge key '<<' on line "
                    + TextEditor.lineOf(text, key.start)
                    + (source instanceof Alias alias ? " (alias *" + alias.name + ")" : "")
                    + "; editing it would change every mapping that merges it; edit the anchored"
                    + " mapping itself, or override the key here with --create");
          }
        }
      }
    }
  }

  private static boolean hasKey(Mapping mapping, String name) {
    for (Node key : mapping.keys) {
      if (key instanceof Scalar scalar && scalar.value.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private Node select(YamlPath path, int i, Sequence sequence, YamlPath.Select select)
      throws InvalidInputException {
    List<Node> matches = new ArrayList<>();
    for (Node item : sequence.items) {
      Node target = item instanceof Alias alias ? alias.target : item;
      if (target instanceof Mapping mapping) {
        for (int k = 0; k < mapping.keys.size(); k++) {
          if (mapping.keys.get(k) instanceof Scalar key
              && key.value.equals(select.field())
              && mapping.values.get(k) instanceof Scalar value
              && value.value.equals(select.value())) {
            matches.add(item);
            break;
          }
        }
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    String where = where(path, i);
    if (matches.isEmpty()) {
      throw new InvalidInputException(
          where
              + " has no item with "
              + select.field()
              + "="
              + select.value()
              + " (path '"
              + path
              + "')");
    }
    throw new InvalidInputException(
        where
            + " has "
            + matches.size()
            + " items with "
            + select.field()
            + "="
            + select.value()
            + "; select by index instead (path '"
            + path
            + "')");
  }

  /** Refuses edits through aliases and into anchored values that aliases repeat elsewhere. */
  private void refuseShared(YamlPath path, int i, Node node) throws InvalidInputException {
    String where = i == 0 ? "the document root" : "'" + path.prefix(i) + "'";
    if (node instanceof Alias alias) {
      throw new InvalidInputException(
          where
              + " is the alias *"
              + alias.name
              + " (line "
              + TextEditor.lineOf(text, alias.start)
              + "); editing through it would change the anchored value &"
              + alias.name
              + " on line "
              + TextEditor.lineOf(text, alias.target.start)
              + " and every other alias of it; edit that value instead");
    }
    if (node.anchor != null && node.aliasRefs > 0) {
      throw new InvalidInputException(
          where
              + " holds the anchor &"
              + node.anchor
              + " (line "
              + TextEditor.lineOf(text, node.start)
              + "), used by "
              + node.aliasRefs
              + " alias(es); editing it would silently change those places too; edit by hand"
              + " or replace the aliases first");
    }
  }

  private InvalidInputException missing(YamlPath path, int i, Mapping mapping, String name) {
    String keys =
        mapping.keys.stream()
            .filter(Scalar.class::isInstance)
            .map(k -> ((Scalar) k).value)
            .limit(12)
            .collect(Collectors.joining(", "));
    String deepest =
        i == 0
            ? "the document has no top-level key '" + name + "'"
            : "'" + path.prefix(i) + "' exists but has no key '" + name + "'";
    return new InvalidInputException(
        "path '"
            + path
            + "' not found: "
            + deepest
            + (keys.isEmpty() ? "" : " (its keys: " + keys + ")")
            + "; use create to add it");
  }

  private static String where(YamlPath path, int i) {
    return i == 0 ? "the document root" : "'" + path.prefix(i) + "'";
  }

  private static String describe(Node node) {
    if (node instanceof Mapping) {
      return "a mapping";
    }
    if (node instanceof Sequence) {
      return "a list";
    }
    if (node instanceof Alias alias) {
      return "the alias *" + alias.name;
    }
    Scalar scalar = (Scalar) node;
    return scalar.empty ? "empty" : "a single value";
  }
}
