package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.yaml.YamlTree.Document;
import io.gitopspipeline.yaml.YamlTree.Mapping;
import io.gitopspipeline.yaml.YamlTree.Node;
import io.gitopspipeline.yaml.YamlTree.Scalar;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks one document of a multi-document file: by index ({@code 2}, from 0) or by {@code Kind/name}
 * ({@code Deployment/web}, matching {@code kind} and {@code metadata.name}).
 */
final class DocumentSelector {
  private DocumentSelector() {}

  static Document select(List<Document> documents, String selector) throws InvalidInputException {
    List<Document> real = documents.stream().filter(d -> !isEmpty(d)).toList();
    if (selector == null || selector.isBlank()) {
      if (real.size() == 1) {
        return real.get(0);
      }
      if (real.isEmpty()) {
        throw new InvalidInputException("the file holds no YAML document");
      }
      throw new InvalidInputException(
          "the file holds "
              + real.size()
              + " documents; choose one by index (0.."
              + (documents.size() - 1)
              + ") or by Kind/name, e.g. "
              + example(real));
    }
    String trimmed = selector.strip();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      int index;
      try {
        index = Integer.parseInt(trimmed);
      } catch (NumberFormatException e) {
        index = Integer.MAX_VALUE;
      }
      if (index >= documents.size() || isEmpty(documents.get(index))) {
        throw new InvalidInputException(
            "document " + trimmed + " does not exist; the file has " + documents.size());
      }
      return documents.get(index);
    }
    int slash = trimmed.indexOf('/');
    if (slash <= 0 || slash == trimmed.length() - 1) {
      throw new InvalidInputException(
          "document selector '" + selector + "' is neither an index nor Kind/name");
    }
    String kind = trimmed.substring(0, slash);
    String name = trimmed.substring(slash + 1);
    List<Document> matches = new ArrayList<>();
    for (Document document : real) {
      if (kind.equals(kind(document)) && name.equals(name(document))) {
        matches.add(document);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new InvalidInputException(
          "no document is " + trimmed + "; the file holds " + example(real));
    }
    throw new InvalidInputException(
        matches.size() + " documents are " + trimmed + "; choose one by index");
  }

  static boolean isEmpty(Document document) {
    return document.root() == null || (document.root() instanceof Scalar s && s.empty);
  }

  static String kind(Document document) {
    return scalar(document.root(), "kind");
  }

  static String name(Document document) {
    Node root = document.root();
    if (root instanceof Mapping mapping) {
      Node metadata = value(mapping, "metadata");
      if (metadata != null) {
        return scalar(metadata, "name");
      }
    }
    return null;
  }

  private static String scalar(Node node, String key) {
    return node instanceof Mapping mapping && value(mapping, key) instanceof Scalar s
        ? s.value
        : null;
  }

  static Node value(Mapping mapping, String key) {
    for (int i = 0; i < mapping.keys.size(); i++) {
      if (mapping.keys.get(i) instanceof Scalar k && k.value.equals(key)) {
        return mapping.values.get(i);
      }
    }
    return null;
  }

  private static String example(List<Document> documents) {
    List<String> names = new ArrayList<>();
    for (Document document : documents) {
      String kind = kind(document);
      String name = name(document);
      names.add(
          document.index() + (kind != null && name != null ? " (" + kind + "/" + name + ")" : ""));
      if (names.size() == 5) {
        names.add("...");
        break;
      }
    }
    return String.join(", ", names);
  }
}
