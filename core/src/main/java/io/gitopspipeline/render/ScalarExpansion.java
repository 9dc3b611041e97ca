package io.gitopspipeline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The walk behind {@link FluxSubstitution#substituteScalars}: a copy of a node tree with the {@code
 * ${...}} of its plain block scalars expanded, or null when the shortcut does not provably equal
 * substituting the serialised text. The input tree is never changed (copy on write), so the caller
 * can still take the round trip.
 */
final class ScalarExpansion {
  /** Beyond this much expanded text the round trip decides (it also enforces the size limit). */
  private static final int MAX_EXPANDED_CHARS = 1024 * 1024;

  private static final String FIRST_CHAR_INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

  private final Envsubst.Lookup lookup;
  private final List<String> unset;
  private int expandedChars;

  ScalarExpansion(Envsubst.Lookup lookup, List<String> unset) {
    this.lookup = lookup;
    this.unset = unset;
  }

  /**
   * The node with its scalars expanded (itself when nothing changes), or null: take the round trip.
   */
  Node node(Node node, boolean flow) {
    if (node.getAnchor().isPresent() || node.getTag().getValue().indexOf('$') >= 0) {
      return null; // anchors and tags are written around values; keep the analysis to scalars
    }
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar, flow);
    }
    if (node instanceof SequenceNode sequence) {
      boolean inFlow = flow || sequence.getFlowStyle() == FlowStyle.FLOW;
      List<Node> items = sequence.getValue();
      List<Node> copy = null;
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        Node expanded = node(item, inFlow);
        if (expanded == null) {
          return null;
        }
        if (expanded != item && copy == null) {
          copy = new ArrayList<>(items);
        }
        if (copy != null) {
          copy.set(i, expanded);
        }
      }
      return copy == null
          ? sequence
          : new SequenceNode(
              sequence.getTag(),
              true,
              copy,
              sequence.getFlowStyle(),
              sequence.getStartMark(),
              sequence.getEndMark());
    }
    MappingNode mapping = (MappingNode) node;
    boolean inFlow = flow || mapping.getFlowStyle() == FlowStyle.FLOW;
    List<NodeTuple> tuples = mapping.getValue();
    List<NodeTuple> copy = null;
    for (int i = 0; i < tuples.size(); i++) {
      NodeTuple tuple = tuples.get(i);
      if (!(tuple.getKeyNode() instanceof ScalarNode key)
          || key.getValue().indexOf('$') >= 0
          || key.getAnchor().isPresent()
          || key.getTag().getValue().indexOf('$') >= 0) {
        return null; // keys are written in their own (simple-key) context: not analysed here
      }
      Node value = tuple.getValueNode();
      Node expanded = node(value, inFlow);
      if (expanded == null) {
        return null;
      }
      if (expanded != value && copy == null) {
        copy = new ArrayList<>(tuples);
      }
      if (copy != null) {
        copy.set(i, expanded == value ? tuple : new NodeTuple(key, expanded));
      }
    }
    if (copy == null) {
      return mapping;
    }
    MappingNode result =
        new MappingNode(
            mapping.getTag(),
            true,
            copy,
            mapping.getFlowStyle(),
            mapping.getStartMark(),
            mapping.getEndMark());
    result.setHasMergeTag(mapping.hasMergeTag());
    return result;
  }

  private Node scalar(ScalarNode scalar, boolean flow) {
    String value = scalar.getValue();
    if (value.indexOf('$') < 0) {
      return scalar; // written however it is, it holds nothing to expand
    }
    // Written plain and untagged exactly when it was read plain with its implicit tag and the
    // emitter has no reason to quote it.
    if (flow
        || scalar.getScalarStyle() != ScalarStyle.PLAIN
        || !scalar.getTag().equals(ManifestYaml.resolve(value, true))
        || !safePlain(value)) {
      return null;
    }
    List<String> missing = new ArrayList<>();
    String expanded;
    try {
      expanded = Envsubst.eval(value, lookup, missing::add);
    } catch (Envsubst.SubstitutionException e) {
      return null;
    }
    expandedChars += expanded.length();
    if (!safePlain(expanded) || expandedChars > MAX_EXPANDED_CHARS) {
      return null; // it would not read back as this one plain scalar
    }
    unset.addAll(missing);
    return new ScalarNode(
        ManifestYaml.resolve(expanded, true),
        true,
        expanded,
        ScalarStyle.PLAIN,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * A string that a YAML emitter writes plain in block context and a parser reads back as the same
   * single plain scalar there: printable ASCII on one line, no leading indicator or surrounding
   * space, no {@code ": "}, {@code " #"} or trailing colon, not a document marker. Deliberately
   * narrower than YAML allows; anything else takes the round trip.
   */
  static boolean safePlain(String s) {
    int n = s.length();
    if (n == 0
        || FIRST_CHAR_INDICATORS.indexOf(s.charAt(0)) >= 0
        || s.charAt(0) == ' '
        || s.charAt(n - 1) == ' '
        || s.charAt(n - 1) == ':'
        || s.startsWith("...")) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
      if (c == ':' && s.charAt(i + 1) == ' ') { // i + 1 < n: a trailing ':' was refused above
        return false;
      }
      if (c == '#' && s.charAt(i - 1) == ' ') { // i > 0: a leading '#' was refused above
        return false;
      }
    }
    return true;
  }
}
