package io.gitopspipeline.render;

import io.gitopspipeline.api.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.LoadSettingsBuilder;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * What any YAML the render reads may cost: its own manifests, values files, kustomization files and
 * the output of Helm and Kustomize. The parser already bounds the text, the aliases and recursive
 * keys; this bounds what the aliases expand to, because everything after parsing (conversion,
 * substitution's serialise-and-parse round trip, validation) sees a document with every alias
 * expanded. A few hundred bytes of nested aliases ("billion laughs") otherwise describe billions of
 * nodes and take minutes and all memory; here they fail at once.
 */
final class YamlBudget {
  /** Largest YAML text accepted in one go (a rendered Helm chart can be big, but not this big). */
  static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  /** Most aliases to collections in one document; real manifests use a handful, if any. */
  static final int MAX_ALIASES = 100;

  /** Most nodes aliases may add to a document once expanded; documents without aliases add none. */
  static final long MAX_ALIAS_NODES = 1_000_000;

  /** Deeper than this a document is no manifest (and walking it could exhaust the stack). */
  static final int MAX_DEPTH = 1_000;

  /** Largest YAML file read (a manifest, values or kustomization file). */
  static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

  private final Map<Node, Long> sizes = new IdentityHashMap<>();
  private final Map<Node, Boolean> open = new IdentityHashMap<>();
  private final String origin;

  private YamlBudget(String origin) {
    this.origin = origin;
  }

  /** The parser settings every reader in the render starts from. */
  static LoadSettingsBuilder settings() {
    return LoadSettings.builder()
        .setMaxAliasesForCollections(MAX_ALIASES)
        .setAllowRecursiveKeys(false)
        .setCodePointLimit(MAX_CODE_POINTS);
  }

  /**
   * Fails when a parsed document, with its aliases expanded, has more than {@link #MAX_ALIAS_NODES}
   * nodes beyond the ones written, refers to itself, or nests too deeply.
   */
  static void check(Node document, String origin) throws InvalidInputException {
    YamlBudget budget = new YamlBudget(origin);
    long expanded = budget.size(document, 0);
    long written = budget.sizes.size();
    if (expanded - written > MAX_ALIAS_NODES) {
      throw tooMany(origin);
    }
  }

  /**
   * Parses a YAML text only to check it against the budget, as permissively as possible otherwise
   * (duplicate keys and unknown tags are left to the program that reads it, e.g. Helm).
   */
  static void checkText(String text, String origin) throws InvalidInputException {
    LoadSettings settings = settings().setAllowDuplicateKeys(true).setUseMarks(false).build();
    try {
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        check(node, origin);
      }
    } catch (YamlEngineException e) {
      throw new InvalidInputException(
          origin + " is not valid YAML: " + ManifestYaml.oneLine(e.getMessage()));
    }
  }

  /** A YAML file's text, refused when it is larger than {@link #MAX_FILE_BYTES}. */
  static String read(Path file, String what) throws InvalidInputException {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidInputException(
            what + " " + file + " is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(what + " " + file + " cannot be read: " + e.getMessage());
    }
  }

  private static InvalidInputException tooMany(String origin) {
    return new InvalidInputException(
        origin
            + ": its aliases (*name) expand to more than "
            + MAX_ALIAS_NODES
            + " nodes; a manifest or values file never needs that many (is it a 'billion laughs'"
            + " document?)");
  }

  /** The node's expanded size; each distinct node is counted once, an alias reuses the count. */
  private long size(Node node, int depth) throws InvalidInputException {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    if (open.containsKey(node)) {
      throw new InvalidInputException(
          origin
              + ": an alias (*name) refers to a node that contains it; YAML for Kubernetes"
              + " cannot be recursive");
    }
    if (depth > MAX_DEPTH) {
      throw new InvalidInputException(
          origin + " is nested more than " + MAX_DEPTH + " levels deep; it is not a manifest");
    }
    open.put(node, Boolean.TRUE);
    long total = 1;
    if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        total = add(total, size(item, depth + 1));
      }
    } else if (node instanceof MappingNode mapping) {
      List<NodeTuple> tuples = mapping.getValue();
      for (NodeTuple tuple : tuples) {
        total = add(total, size(tuple.getKeyNode(), depth + 1));
        total = add(total, size(tuple.getValueNode(), depth + 1));
      }
    }
    open.remove(node);
    sizes.put(node, total);
    return total;
  }

  /** Sums without overflow: past the budget the exact count no longer matters. */
  private long add(long a, long b) throws InvalidInputException {
    long sum = a + b;
    if (sum > MAX_ALIAS_NODES + (long) MAX_CODE_POINTS) {
      throw tooMany(origin);
    }
    return sum;
  }
}
