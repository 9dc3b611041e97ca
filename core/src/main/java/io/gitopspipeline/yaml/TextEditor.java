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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Splices new scalar text into YAML source and proves the result: every byte outside the edited
 * scalars is unchanged, and the re-parsed document equals the old one with exactly the requested
 * values replaced. Works on text; {@link YamlEditor} adds files.
 */
final class TextEditor {
  private final YamlLimits limits;
  private final EntryWindows windows;

  TextEditor(YamlLimits limits) {
    this(limits, EntryWindows.MIN_LENGTH);
  }

  /**
   * @param windowedFrom the text length from which value edits parse only the entries they touch
   */
  TextEditor(YamlLimits limits, int windowedFrom) {
    this.limits = limits;
    this.windows = new EntryWindows(this, limits, windowedFrom);
  }

  /** One value to set, already located in the parsed text. */
  record Planned(
      int document, String path, Scalar target, String value, boolean forceString, String setter) {}

  /**
   * New content inserted at {@code offset}: entries appended to a block mapping, items appended to
   * a block sequence, or a block mapping/sequence replacing an empty value. {@code indent} is the
   * column of the new keys (or dashes).
   */
  record Insertion(
      Node parent,
      int offset,
      int indent,
      Fresh content,
      List<Change> changes,
      int clearFrom,
      int clearTo) {
    Insertion(Node parent, int offset, int indent, Fresh content, List<Change> changes) {
      this(parent, offset, indent, content, changes, offset, offset);
    }

    Insertion(Node parent, Paths.Placement at, Fresh content, List<Change> changes) {
      this(parent, at.offset(), at.indent(), content, changes, at.clearFrom(), at.clearTo());
    }
  }

  /** A block mapping entry deleted with its line(s). */
  record Removal(Mapping mapping, int entry, int start, int end, Change change) {}

  record Result(String text, List<Change> changes) {}

  private record Splice(int start, int end, String text, int allowedFrom, int allowedTo) {}

  // ---------------------------------------------------------------- set by path

  /**
   * Applies path updates; each runs against the text the previous ones produced. A large file is
   * edited entry by entry when its outline allows ({@link EntryWindows}), else parsed whole.
   */
  Result set(String text, String documentSelector, List<ValueUpdate> updates, boolean forceString)
      throws GitOpsException {
    Result windowed = windows.set(text, documentSelector, updates, forceString);
    return windowed != null
        ? windowed
        : setInWholeText(text, documentSelector, updates, forceString);
  }

  /** {@link #set}, parsing and verifying the whole text. */
  Result setInWholeText(
      String text, String documentSelector, List<ValueUpdate> updates, boolean forceString)
      throws GitOpsException {
    return setInWholeText(text, null, documentSelector, updates, forceString, lineBreak(text));
  }

  /**
   * {@link #setInWholeText}, starting from {@code parsed} (the text's documents, or null to parse
   * it) and writing new line breaks as {@code lineBreak}: an entry cut from a larger file has
   * already been parsed, and writes its file's line breaks, not those of its own first line.
   */
  Result setInWholeText(
      String text,
      List<Document> parsed,
      String documentSelector,
      List<ValueUpdate> updates,
      boolean forceString,
      String lineBreak)
      throws GitOpsException {
    List<YamlPath> paths = new ArrayList<>();
    for (ValueUpdate update : updates) {
      paths.add(YamlPath.parse(update.path()));
    }
    List<Change> changes = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < updates.size(); i++) {
      pending.add(i);
    }
    String current = text;
    List<Document> documents = parsed;
    while (!pending.isEmpty()) {
      if (documents == null) {
        documents = YamlTree.parse(current, limits);
      }
      Document document = DocumentSelector.select(documents, documentSelector);
      Paths resolver = new Paths(current, document);
      List<Planned> planned = new ArrayList<>();
      Insertion creation = null;
      List<Integer> next = new ArrayList<>();
      for (int i : pending) {
        ValueUpdate update = updates.get(i);
        Paths.Found found = resolver.find(paths.get(i), update.create());
        if (found.scalar() != null) {
          planned.add(
              new Planned(
                  document.index(),
                  update.path(),
                  found.scalar(),
                  update.value(),
                  forceString,
                  null));
        } else if (creation == null) {
          creation =
              resolver.creation(paths.get(i), found, update.path(), update.value(), forceString);
        } else {
          next.add(i);
        }
      }
      Result result =
          apply(
              current,
              documents,
              planned,
              creation == null ? List.of() : List.of(creation),
              List.of(),
              lineBreak);
      changes.addAll(result.changes());
      current = result.text();
      documents = null;
      pending = next;
    }
    return new Result(current, changes);
  }

  // ---------------------------------------------------------------- apply and verify

  /** Applies located edits to {@code text} (parsed as {@code documents}) and verifies them. */
  Result apply(
      String text,
      List<Document> documents,
      List<Planned> planned,
      List<Insertion> insertions,
      List<Removal> removals)
      throws GitOpsException {
    return apply(text, documents, planned, insertions, removals, lineBreak(text));
  }

  private Result apply(
      String text,
      List<Document> documents,
      List<Planned> planned,
      List<Insertion> insertions,
      List<Removal> removals,
      String lineBreak)
      throws GitOpsException {
    IdentityHashMap<Node, Expected> expected = new IdentityHashMap<>();
    List<Splice> splices = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    for (Planned plan : planned) {
      if (expected.containsKey(plan.target())) {
        throw new InvalidInputException(
            "two edits target the same value at '" + plan.path() + "'; give each value once");
      }
      Rendered rendered = render(text, plan.target(), plan.value(), plan.forceString(), lineBreak);
      expected.put(plan.target(), Expected.value(plan.value(), rendered.type()));
      if (!rendered.text().equals(text.substring(rendered.start(), plan.target().textEnd))) {
        splices.add(
            new Splice(
                rendered.start(),
                plan.target().textEnd,
                rendered.text(),
                lineStart(text, plan.target().textStart),
                lineEnd(text, Math.max(plan.target().textStart, plan.target().textEnd - 1))));
      }
      if (!plan.value().equals(plan.target().value)) {
        changes.add(
            new Change(
                plan.document(),
                plan.path(),
                lineOf(text, plan.target().textStart),
                plan.target().value,
                plan.value(),
                plan.setter()));
      }
    }
    for (Insertion insertion : insertions) {
      if (expected.containsKey(insertion.parent())) {
        throw new InvalidInputException("two additions target the same place; add them one by one");
      }
      int offset = insertion.offset();
      StringBuilder lines = new StringBuilder();
      if (offset > 0 && text.charAt(offset - 1) != '\n') {
        lines.append(lineBreak);
      }
      Node root = documents.get(0).root();
      for (Document document : documents) {
        if (document.start() <= offset && offset <= document.end()) {
          root = document.root();
        }
      }
      int step = Paths.indentStep(root, text);
      int seqIndent = Paths.sequenceIndent(root, text);
      if (insertion.content() instanceof Fresh.Seq seq) {
        Fresh.renderItems(seq.items(), insertion.indent(), step, seqIndent, lineBreak, lines);
      } else {
        Fresh.renderEntries(
            (Fresh.Map_) insertion.content(),
            insertion.indent(),
            step,
            seqIndent,
            lineBreak,
            lines);
      }
      if (offset == text.length() && !text.isEmpty() && !text.endsWith("\n")) {
        lines.setLength(lines.length() - lineBreak.length());
      }
      expected.put(insertion.parent(), Expected.added(insertion.content()));
      if (insertion.clearFrom() < insertion.clearTo()) {
        splices.add(
            new Splice(
                insertion.clearFrom(),
                insertion.clearTo(),
                "",
                lineStart(text, insertion.clearFrom()),
                lineEnd(text, insertion.clearTo() - 1)));
      }
      splices.add(new Splice(offset, offset, lines.toString(), offset, offset));
      changes.addAll(insertion.changes());
    }
    for (Removal removal : removals) {
      Expected already = expected.get(removal.mapping());
      if (already != null && already.removed() == null) {
        throw new InvalidInputException("cannot add and remove keys of one mapping in one edit");
      }
      java.util.Set<Integer> removed = new java.util.HashSet<>();
      if (already != null) {
        removed.addAll(already.removed());
      }
      removed.add(removal.entry());
      expected.put(removal.mapping(), Expected.removed(removed));
      splices.add(new Splice(removal.start(), removal.end(), "", removal.start(), removal.end()));
      changes.add(removal.change());
    }
    if (splices.isEmpty()) {
      return new Result(text, changes);
    }
    splices.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::end));
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    for (Splice splice : splices) {
      if (splice.start() < at) {
        throw new InvalidInputException("two edits overlap in the YAML text; give each value once");
      }
      out.append(text, at, splice.start()).append(splice.text());
      at = splice.end();
    }
    out.append(text, at, text.length());
    String updated = out.toString();
    verifyLines(text, updated, splices);
    if (insertions.isEmpty()
        && removals.isEmpty()
        && verifyWindows(text, updated, documents, splices, expected)) {
      return new Result(updated, changes);
    }
    verifyTree(documents, updated, expected);
    return new Result(updated, changes);
  }

  /**
   * The fast form of the tree check for value edits in a one-document file whose root is a block
   * mapping: only the top-level entries holding an edit are re-parsed, old and new, on their own.
   * Exact because every top-level entry starts at column 0 after byte-identical text, so the parser
   * reaches it in the same state, and an entry that parses on its own to one key ends before the
   * next column-0 key. Returns false (and the caller re-parses everything) when a condition fails.
   */
  private boolean verifyWindows(
      String before,
      String after,
      List<Document> documents,
      List<Splice> splices,
      IdentityHashMap<Node, Expected> expected)
      throws GitOpsException {
    if (documents.size() != 1
        || !(documents.get(0).root() instanceof Mapping root)
        || root.flow
        || root.anchor != null
        || before.startsWith("---")
        || before.startsWith("%")
        || before.contains("\n---")
        || before.contains("\n...")
        || before.contains("\t")) {
      return false;
    }
    int[] starts = new int[root.keys.size() + 1];
    for (int i = 0; i < root.keys.size(); i++) {
      Node key = root.keys.get(i);
      if (!(key instanceof Scalar) || lineStart(before, key.start) != key.start) {
        return false;
      }
      starts[i] = key.start;
    }
    starts[root.keys.size()] = before.length();
    int shift = 0;
    int s = 0;
    for (int w = 0; w < root.keys.size() && s < splices.size(); w++) {
      int from = starts[w];
      int to = starts[w + 1];
      int windowShift = 0;
      int first = s;
      while (s < splices.size() && splices.get(s).start() < to) {
        Splice splice = splices.get(s);
        if (splice.start() < from || splice.end() > to) {
          return false;
        }
        windowShift += splice.text().length() - (splice.end() - splice.start());
        s++;
      }
      if (first == s) {
        continue;
      }
      String oldWindow = before.substring(from, to);
      String newWindow = after.substring(from + shift, to + shift + windowShift);
      shift += windowShift;
      if (to < before.length() && !newWindow.endsWith("\n")) {
        return false;
      }
      List<Document> oldTree;
      List<Document> newTree;
      try {
        oldTree = YamlTree.parse(oldWindow, limits);
      } catch (InvalidInputException e) {
        return false; // e.g. an alias of an anchor outside the entry
      }
      try {
        newTree = YamlTree.parse(newWindow, limits);
      } catch (InvalidInputException e) {
        throw guard("the edited text no longer parses (" + e.getMessage() + ")");
      }
      if (oldTree.size() != 1
          || newTree.size() != 1
          || !(oldTree.get(0).root() instanceof Mapping oldRoot)
          || !(newTree.get(0).root() instanceof Mapping newRoot)
          || oldRoot.keys.size() != 1
          || newRoot.keys.size() != 1) {
        return false;
      }
      // map the edited scalars of the full tree to the same scalars of the entry's own tree
      Map<Integer, Expected> byOffset = new java.util.HashMap<>();
      for (Map.Entry<Node, Expected> entry : expected.entrySet()) {
        if (entry.getKey().start >= from && entry.getKey().end <= to) {
          byOffset.put(((Scalar) entry.getKey()).textStart - from, entry.getValue());
        }
      }
      IdentityHashMap<Node, Expected> local = new IdentityHashMap<>();
      collect(oldRoot, byOffset, local);
      if (local.size() != byOffset.size()) {
        return false;
      }
      if (!same(oldRoot, newRoot, local)) {
        throw guard("a value would not read back as expected after the edit");
      }
    }
    return s == splices.size();
  }

  private static void collect(Node node, Map<Integer, Expected> byOffset, Map<Node, Expected> out) {
    if (node instanceof Scalar scalar) {
      Expected expected = byOffset.get(scalar.textStart);
      if (expected != null) {
        out.put(scalar, expected);
      }
    } else if (node instanceof Mapping mapping) {
      mapping.values.forEach(v -> collect(v, byOffset, out));
    } else if (node instanceof Sequence sequence) {
      sequence.items.forEach(v -> collect(v, byOffset, out));
    }
  }

  /** Every line without an edit is byte-identical, and edits stay on their value's lines. */
  private static void verifyLines(String before, String after, List<Splice> splices)
      throws GitOpsException {
    int shift = 0;
    int previousEnd = 0;
    for (Splice splice : splices) {
      if (splice.start() < splice.allowedFrom() || splice.end() > splice.allowedTo()) {
        throw guard("an edit reached outside the lines of its value");
      }
      if (!after.regionMatches(
          previousEnd + shift, before, previousEnd, splice.start() - previousEnd)) {
        throw guard("text between edits changed");
      }
      shift += splice.text().length() - (splice.end() - splice.start());
      previousEnd = splice.end();
    }
    if (after.length() - shift != before.length()
        || !after.regionMatches(
            previousEnd + shift, before, previousEnd, before.length() - previousEnd)) {
      throw guard("text after the last edit changed");
    }
  }

  private static GitOpsException guard(String why) {
    return new GitOpsException(
        "refusing to write the YAML edit: the diff guard found that "
            + why
            + "; the file is unchanged (please report this with the input)");
  }

  /** What the re-parsed tree must hold where an edit happened. */
  private record Expected(
      String value, Scalars.Type type, Fresh added, java.util.Set<Integer> removed) {
    static Expected value(String value, Scalars.Type type) {
      return new Expected(value, type, null, null);
    }

    static Expected added(Fresh added) {
      return new Expected(null, null, added, null);
    }

    static Expected removed(java.util.Set<Integer> removed) {
      return new Expected(null, null, null, removed);
    }
  }

  private void verifyTree(
      List<Document> before, String updated, IdentityHashMap<Node, Expected> expected)
      throws GitOpsException {
    List<Document> after;
    try {
      after = YamlTree.parse(updated, limits);
    } catch (InvalidInputException e) {
      throw guard("the edited text no longer parses (" + e.getMessage() + ")");
    }
    if (after.size() != before.size()) {
      throw guard("the number of documents changed");
    }
    for (int i = 0; i < before.size(); i++) {
      if (!same(before.get(i).root(), after.get(i).root(), expected)) {
        throw guard("document " + i + " would not hold the expected values after the edit");
      }
    }
  }

  /**
   * Walks both trees together; untouched scalars compare by value, style and tag (the same text
   * means the same type), edited subtrees by their canonical form.
   */
  private static boolean same(Node before, Node after, Map<Node, Expected> expected) {
    if (before == null || after == null) {
      return before == after;
    }
    if (expected.containsKey(before)) {
      StringBuilder want = new StringBuilder();
      StringBuilder got = new StringBuilder();
      canonical(before, expected, want);
      canonical(after, Map.of(), got);
      return want.toString().contentEquals(got);
    }
    if (!java.util.Objects.equals(before.anchor, after.anchor)) {
      return false;
    }
    if (before instanceof Scalar b) {
      if (!(after instanceof Scalar a) || !b.value.equals(a.value)) {
        return false;
      }
      return (b.style == a.style && java.util.Objects.equals(b.tag, a.tag))
          || Scalars.typeOf(b).equals(Scalars.typeOf(a));
    }
    if (before instanceof Alias b) {
      return after instanceof Alias a && b.name.equals(a.name);
    }
    if (before instanceof Sequence b) {
      if (!(after instanceof Sequence a) || b.items.size() != a.items.size()) {
        return false;
      }
      for (int i = 0; i < b.items.size(); i++) {
        if (!same(b.items.get(i), a.items.get(i), expected)) {
          return false;
        }
      }
      return true;
    }
    Mapping b = (Mapping) before;
    if (!(after instanceof Mapping a) || b.keys.size() != a.keys.size()) {
      return false;
    }
    for (int i = 0; i < b.keys.size(); i++) {
      if (!same(b.keys.get(i), a.keys.get(i), Map.of())
          || !same(b.values.get(i), a.values.get(i), expected)) {
        return false;
      }
    }
    return true;
  }

  /** A flat rendering of a tree's meaning: values, types, anchors, aliases, order. */
  private static void canonical(Node node, Map<Node, Expected> expected, StringBuilder out) {
    Expected edit = expected.get(node);
    if (node.anchor != null) {
      out.append('&').append(node.anchor.length()).append(':').append(node.anchor);
    }
    if (node instanceof Scalar scalar) {
      if (edit != null && edit.added() != null) {
        Fresh.canonical(edit.added(), out);
        return;
      }
      String value = edit != null ? edit.value() : scalar.value;
      Scalars.Type type = edit != null ? edit.type() : Scalars.typeOf(scalar);
      canonicalScalar(value, type, out);
    } else if (node instanceof Alias alias) {
      out.append('*').append(alias.name.length()).append(':').append(alias.name);
    } else if (node instanceof Sequence sequence) {
      out.append('[');
      for (Node item : sequence.items) {
        canonical(item, expected, out);
        out.append(',');
      }
      if (edit != null && edit.added() instanceof Fresh.Seq seq) {
        Fresh.canonicalItems(seq.items(), out);
      }
      out.append(']');
    } else {
      Mapping mapping = (Mapping) node;
      out.append('{');
      for (int i = 0; i < mapping.keys.size(); i++) {
        if (edit != null && edit.removed() != null && edit.removed().contains(i)) {
          continue;
        }
        canonical(mapping.keys.get(i), Map.of(), out);
        out.append('=');
        canonical(mapping.values.get(i), expected, out);
        out.append(',');
      }
      if (edit != null && edit.added() instanceof Fresh.Map_ map) {
        Fresh.canonicalEntries(map, out);
      }
      out.append('}');
    }
  }

  static void canonicalScalar(String value, Scalars.Type type, StringBuilder out) {
    out.append('S').append(type).append(':').append(value.length()).append(':').append(value);
  }

  // ---------------------------------------------------------------- rendering

  /** New text for a scalar, from {@code start} to the scalar's end, and the type it will have. */
  record Rendered(int start, String text, Scalars.Type type) {}

  static Rendered render(
      String source, Scalar old, String value, boolean forceString, String lineBreak) {
    boolean flow = old.flowContext;
    int start = old.textStart;
    String prefix = old.empty ? " " : "";
    if (old.tag != null) {
      Scalars.Type tagged = Scalars.Type.of(old.tag);
      return new Rendered(
          start,
          prefix + quoteAsNeeded(value, old.style, flow, true) + blockTail(source, old),
          tagged);
    }
    Scalars.Type oldType = Scalars.typeOf(old);
    if (!forceString
        && old.style == ScalarStyle.PLAIN
        && !oldType.isString()
        && !old.empty
        && Scalars.plainSafe(value, flow)
        && Scalars.plainType(value).equals(oldType)) {
      return new Rendered(start, value, oldType);
    }
    if (old.style == ScalarStyle.LITERAL || old.style == ScalarStyle.FOLDED) {
      String block = block(source, old, value, lineBreak);
      if (block != null) {
        return new Rendered(start, block, Scalars.Type.STRING);
      }
    }
    return new Rendered(
        start,
        prefix + quoteAsNeeded(value, old.style, flow, false) + blockTail(source, old),
        Scalars.Type.STRING);
  }

  private static String quoteAsNeeded(
      String value, ScalarStyle style, boolean flow, boolean tagged) {
    boolean plainOk =
        Scalars.plainSafe(value, flow) && (tagged || Scalars.plainType(value).isString());
    if (style == ScalarStyle.PLAIN && plainOk) {
      return value;
    }
    if (style == ScalarStyle.SINGLE_QUOTED && Scalars.singleQuoteSafe(value)) {
      return Scalars.singleQuoted(value);
    }
    return Scalars.doubleQuoted(value);
  }

  /**
   * What must follow a block scalar's replacement when it is written quoted on the header line: the
   * header's comment, and the line break and blank lines the block's text span included.
   */
  private static String blockTail(String source, Scalar old) {
    if (old.style != ScalarStyle.LITERAL && old.style != ScalarStyle.FOLDED) {
      return "";
    }
    int position = old.textStart;
    int lastBreak = old.textEnd;
    boolean header = true;
    String headerRest = "";
    while (position < old.textEnd) {
      int newline = source.indexOf('\n', position);
      if (newline < 0 || newline >= old.textEnd) {
        break;
      }
      int lineEnd =
          newline > position && source.charAt(newline - 1) == '\r' ? newline - 1 : newline;
      String line = source.substring(position, lineEnd);
      if (header) {
        int indicators = 1;
        while (indicators < line.length() && "+-0123456789".indexOf(line.charAt(indicators)) >= 0) {
          indicators++;
        }
        headerRest = line.substring(Math.min(indicators, line.length()));
      }
      if (header || !line.isBlank()) {
        lastBreak = lineEnd;
      }
      header = false;
      position = newline + 1;
    }
    return headerRest + source.substring(lastBreak, old.textEnd);
  }

  /**
   * A literal or folded block scalar holding {@code value}, or null when block style cannot hold it
   * simply (then the caller quotes it).
   */
  private static String block(String source, Scalar old, String value, String lineBreak) {
    if (value.isEmpty()
        || value.charAt(0) == ' '
        || value.charAt(0) == '\t'
        || value.charAt(0) == '\n') {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\n' && c != '\t')
          || c == 0x7f
          || (c >= 0x80 && c < 0xA0)
          || c == '\u2028'
          || c == '\u2029'
          || c == '\uFEFF') {
        return null;
      }
    }
    int headerEnd = source.indexOf('\n', old.textStart);
    if (headerEnd < 0 || headerEnd >= old.textEnd) {
      return null;
    }
    String header = source.substring(old.textStart, headerEnd);
    if (header.endsWith("\r")) {
      header = header.substring(0, header.length() - 1);
    }
    int indicators = 1;
    while (indicators < header.length() && "+-".indexOf(header.charAt(indicators)) >= 0) {
      indicators++;
    }
    if (indicators < header.length() && Character.isDigit(header.charAt(indicators))) {
      return null; // an explicit indentation indicator: leave such blocks to quoting
    }
    if (header.substring(1, indicators).contains("+")) {
      return null; // kept trailing lines belong to the old value; quoting is simpler and exact
    }
    String headerRest = header.substring(indicators);
    String body = source.substring(headerEnd + 1, old.textEnd);
    int indent = -1;
    int lastContentEnd = -1;
    int position = 0;
    while (position < body.length()) {
      int newline = body.indexOf('\n', position);
      int next = newline < 0 ? body.length() : newline + 1;
      String line = body.substring(position, newline < 0 ? body.length() : newline);
      if (!line.isBlank()) {
        if (indent < 0) {
          indent = line.length() - line.stripLeading().length();
        }
        lastContentEnd = next;
      }
      position = next;
    }
    if (indent <= 0) {
      return null;
    }
    String tail = body.substring(lastContentEnd);
    boolean endsFile = !body.substring(0, lastContentEnd).endsWith("\n");
    int trailing = 0;
    while (trailing < value.length() && value.charAt(value.length() - 1 - trailing) == '\n') {
      trailing++;
    }
    String content = value.substring(0, value.length() - trailing);
    if (content.isEmpty() || (trailing > 1 && (!tail.isEmpty() || endsFile))) {
      return null;
    }
    char style = old.style == ScalarStyle.FOLDED && !content.contains("\n") ? '>' : '|';
    String chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+";
    StringBuilder out = new StringBuilder();
    out.append(style).append(chomp).append(headerRest).append(lineBreak);
    for (String line : content.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append(" ".repeat(indent)).append(line);
      }
      out.append(lineBreak);
    }
    for (int i = 1; i < trailing; i++) {
      out.append(lineBreak);
    }
    if (endsFile) {
      out.setLength(out.length() - lineBreak.length());
    }
    return out.append(tail).toString();
  }

  // ---------------------------------------------------------------- text helpers

  static String lineBreak(String text) {
    int newline = text.indexOf('\n');
    return newline > 0 && text.charAt(newline - 1) == '\r' ? "\r\n" : "\n";
  }

  static int lineStart(String text, int offset) {
    int newline = text.lastIndexOf('\n', Math.max(0, offset - 1));
    return offset == 0 ? 0 : newline + 1;
  }

  static int lineEnd(String text, int offset) {
    int newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length() : newline + 1;
  }

  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
