package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.ScannerImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * A YAML stream read into nodes that remember where they sit in the text (char offsets), built from
 * snakeyaml-engine's parser events. Nothing is constructed from tags and aliases are never
 * expanded, so reading is safe; the limits bound size, depth and alias expansion.
 */
final class YamlTree {
  private YamlTree() {}

  abstract static sealed class Node permits Scalar, Mapping, Sequence, Alias {
    /** Char offsets of the whole node, including its anchor and tag. */
    int start;

    int end;
    String anchor;

    /** How many aliases in the document refer to this node's anchor. */
    int aliasRefs;

    /** Nodes described once aliases are expanded. */
    long expandedSize = 1;

    boolean complete;
  }

  static final class Scalar extends Node {
    String value;
    ScalarStyle style;
    String tag;

    /** Char offsets of the scalar's own text (quotes and block header included). */
    int textStart;

    int textEnd;

    /** {@code key:} with nothing after it: an empty plain scalar without text. */
    boolean empty;

    /** Inside a flow collection, where ',[]{}' end a plain scalar. */
    boolean flowContext;
  }

  static final class Mapping extends Node {
    final List<Node> keys = new ArrayList<>();
    final List<Node> values = new ArrayList<>();
    boolean flow;
  }

  static final class Sequence extends Node {
    final List<Node> items = new ArrayList<>();
    boolean flow;
  }

  static final class Alias extends Node {
    String name;
    Node target;
  }

  /** One document of the stream; {@code root} is an empty scalar for an empty document. */
  record Document(int index, Node root, int start, int end) {}

  /**
   * Maps snakeyaml's code-point indexes to Java char offsets; the identity unless the text holds
   * characters outside the Basic Multilingual Plane.
   */
  static final class Offsets {
    private final int[] charAt;

    Offsets(String text) {
      boolean surrogates = false;
      for (int i = 0; i < text.length(); i++) {
        if (Character.isSurrogate(text.charAt(i))) {
          surrogates = true;
          break;
        }
      }
      if (!surrogates) {
        charAt = null;
        return;
      }
      int count = text.codePointCount(0, text.length());
      charAt = new int[count + 1];
      int c = 0;
      for (int i = 0; i < count; i++) {
        charAt[i] = c;
        c += Character.charCount(text.codePointAt(c));
      }
      charAt[count] = c;
    }

    int of(Mark mark) {
      int index = mark.getIndex();
      return charAt == null ? index : charAt[Math.min(index, charAt.length - 1)];
    }
  }

  /** Reads every document of {@code text} (already decoded, without a byte order mark). */
  static List<Document> parse(String text, YamlLimits limits) throws InvalidInputException {
    if (text.length() > limits.maxBytes()) {
      throw new InvalidInputException(
          "the YAML text is larger than the limit of " + limits.maxBytes() + " bytes");
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setParseComments(false)
            .setUseMarks(true)
            .setCodePointLimit(limits.maxBytes())
            .build();
    // events only: a scanner decorator recording scalar tokens cost more than finding the text
    ParserImpl parser =
        new ParserImpl(settings, new ScannerImpl(settings, new StreamReader(settings, text)));
    Offsets offsets = new Offsets(text);
    Builder builder = new Builder(text, limits, offsets);
    try {
      for (Event event = next(parser); event != null; event = next(parser)) {
        builder.accept(event);
      }
    } catch (MarkedYamlEngineException e) {
      throw new InvalidInputException("not valid YAML: " + describe(e));
    } catch (YamlEngineException e) {
      // Messages of unmarked engine errors describe the problem without quoting content.
      throw new InvalidInputException("not valid YAML: " + firstLine(e.getMessage()));
    }
    return builder.documents;
  }

  /**
   * The parser's next event, or null at the end. A reader bug must not escape as a raw runtime
   * exception (2.10 threw IndexOutOfBoundsException on a surrogate pair at char 1024); the message
   * names only its kind.
   */
  private static Event next(ParserImpl parser) throws InvalidInputException {
    try {
      return parser.hasNext() ? parser.next() : null;
    } catch (YamlEngineException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "not valid YAML: the YAML reader failed on this text ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  /** The problem and where, without the snippet of content snakeyaml would add (may be secret). */
  private static String describe(MarkedYamlEngineException e) {
    StringBuilder message = new StringBuilder();
    if (e.getContext() != null) {
      message.append(e.getContext());
      e.getContextMark()
          .ifPresent(m -> message.append(" (line ").append(m.getLine() + 1).append(')'));
      message.append(", ");
    }
    message.append(e.getProblem() == null ? "syntax error" : e.getProblem());
    e.getProblemMark()
        .ifPresent(
            m ->
                message
                    .append(" at line ")
                    .append(m.getLine() + 1)
                    .append(", column ")
                    .append(m.getColumn() + 1));
    return message.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Where a scalar's own text starts after its anchor and tag (a scalar event's start mark is that
   * of its first property): past each {@code &anchor} and {@code !tag} (a verbatim {@code !<...>}
   * to its {@code >}), the separating spaces, line breaks and comments. The scanner requires a
   * space or line break after a property before a non-empty scalar, and a scalar cannot start with
   * '&', '!' or '#', so the first other character starts it.
   */
  static int afterProperties(String text, int start) {
    int i = start;
    int length = text.length();
    while (i < length) {
      char c = text.charAt(i);
      if (c == '&' || c == '!') {
        if (c == '!' && i + 1 < length && text.charAt(i + 1) == '<') {
          int close = text.indexOf('>', i + 2);
          i = close < 0 ? length : close + 1;
        } else {
          while (i < length && !separator(text.charAt(i))) {
            i++;
          }
        }
      } else if (c == '#') {
        while (i < length && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          i++;
        }
      } else if (separator(c)) {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }

  private static boolean separator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static final class Builder {
    private final String text;
    private final YamlLimits limits;
    private final Offsets offsets;
    final List<Document> documents = new ArrayList<>();
    private final List<Node> stack = new ArrayList<>();
    private final List<Boolean> expectingKey = new ArrayList<>();
    private Map<String, Node> anchors = new HashMap<>();
    private Node root;
    private int documentStart;
    private int aliases;

    Builder(String text, YamlLimits limits, Offsets offsets) {
      this.text = text;
      this.limits = limits;
      this.offsets = offsets;
    }

    void accept(Event event) throws InvalidInputException {
      switch (event.getEventId()) {
        case DocumentStart -> {
          documentStart = start(event);
          anchors = new HashMap<>();
          root = null;
          aliases = 0;
        }
        case DocumentEnd -> {
          documents.add(new Document(documents.size(), root, documentStart, end(event)));
        }
        case Scalar -> add(scalar((ScalarEvent) event));
        case Alias -> add(alias((AliasEvent) event));
        case MappingStart, SequenceStart -> {
          CollectionStartEvent start = (CollectionStartEvent) event;
          Node collection;
          if (event.getEventId() == Event.ID.MappingStart) {
            Mapping mapping = new Mapping();
            mapping.flow = start.isFlow();
            collection = mapping;
          } else {
            Sequence sequence = new Sequence();
            sequence.flow = start.isFlow();
            collection = sequence;
          }
          collection.start = start(event);
          anchor(collection, start);
          add(collection);
          if (stack.size() >= limits.maxDepth()) {
            throw new InvalidInputException(
                "YAML nesting is deeper than the limit of "
                    + limits.maxDepth()
                    + " levels at line "
                    + (event.getStartMark().map(Mark::getLine).orElse(0) + 1));
          }
          stack.add(collection);
          expectingKey.add(Boolean.TRUE);
        }
        case MappingEnd, SequenceEnd -> {
          Node collection = stack.remove(stack.size() - 1);
          expectingKey.remove(expectingKey.size() - 1);
          collection.end = end(event);
          finish(collection);
        }
        default -> {
          // stream start/end and comments carry nothing the edits need
        }
      }
    }

    private Scalar scalar(ScalarEvent event) throws InvalidInputException {
      Scalar scalar = new Scalar();
      scalar.value = event.getValue();
      scalar.style = event.getScalarStyle();
      scalar.tag = event.getTag().orElse(null);
      scalar.start = start(event);
      scalar.end = end(event);
      // a plain scalar token is never empty: an empty plain value is a node without text, and a
      // scalar event ends where its token does
      if (scalar.style == ScalarStyle.PLAIN && scalar.value.isEmpty()) {
        scalar.empty = true;
        scalar.textStart = scalar.end;
        scalar.textEnd = scalar.end;
      } else {
        scalar.textStart =
            event.getAnchor().isEmpty() && scalar.tag == null
                ? scalar.start
                : afterProperties(text, scalar.start);
        scalar.textEnd = scalar.end;
      }
      anchor(scalar, event);
      finish(scalar);
      return scalar;
    }

    private Alias alias(AliasEvent event) throws InvalidInputException {
      if (++aliases > limits.maxAliases()) {
        throw new InvalidInputException(
            "the YAML document uses more than " + limits.maxAliases() + " aliases");
      }
      Alias alias = new Alias();
      alias.name = event.getAlias().getValue();
      alias.start = start(event);
      alias.end = end(event);
      alias.target = anchors.get(alias.name);
      if (alias.target == null) {
        throw new InvalidInputException(
            "the YAML alias *"
                + alias.name
                + " at line "
                + (event.getStartMark().map(Mark::getLine).orElse(0) + 1)
                + " refers to no anchor defined before it");
      }
      if (!alias.target.complete) {
        throw new InvalidInputException(
            "the YAML alias *" + alias.name + " refers to a node that contains it (recursive)");
      }
      alias.target.aliasRefs++;
      alias.expandedSize = alias.target.expandedSize;
      alias.complete = true;
      return alias;
    }

    private void anchor(Node node, NodeEvent event) {
      Anchor anchor = event.getAnchor().orElse(null);
      if (anchor != null) {
        node.anchor = anchor.getValue();
        anchors.put(node.anchor, node);
      }
    }

    private void add(Node node) throws InvalidInputException {
      if (stack.isEmpty()) {
        root = node;
        checkExpansion(node);
        return;
      }
      Node parent = stack.get(stack.size() - 1);
      if (node instanceof Scalar scalar) {
        scalar.flowContext = parent instanceof Mapping m ? m.flow : ((Sequence) parent).flow;
      }
      if (parent instanceof Mapping mapping) {
        int top = expectingKey.size() - 1;
        if (expectingKey.get(top)) {
          mapping.keys.add(node);
        } else {
          mapping.values.add(node);
        }
        expectingKey.set(top, !expectingKey.get(top));
      } else {
        ((Sequence) parent).items.add(node);
      }
    }

    private void finish(Node node) throws InvalidInputException {
      long size = 1;
      if (node instanceof Mapping mapping) {
        for (Node key : mapping.keys) {
          size = Math.addExact(size, key.expandedSize);
        }
        for (Node value : mapping.values) {
          size = Math.addExact(size, value.expandedSize);
        }
      } else if (node instanceof Sequence sequence) {
        for (Node item : sequence.items) {
          size = Math.addExact(size, item.expandedSize);
        }
      }
      node.expandedSize = size;
      node.complete = true;
      checkExpansion(node);
    }

    private void checkExpansion(Node node) throws InvalidInputException {
      if (node.expandedSize > limits.maxExpandedNodes()) {
        throw new InvalidInputException(
            "the YAML document expands to more than "
                + limits.maxExpandedNodes()
                + " nodes through its aliases (an alias bomb such as 'billion laughs'); refusing"
                + " to read it");
      }
    }

    // plain Optional unwrapping: a lambda per event showed up in profiles of 1 MB files
    private int start(Event event) {
      Mark mark = event.getStartMark().orElse(null);
      return mark == null ? 0 : offsets.of(mark);
    }

    private int end(Event event) {
      Mark mark = event.getEndMark().orElse(null);
      return mark == null ? 0 : offsets.of(mark);
    }
  }
}
