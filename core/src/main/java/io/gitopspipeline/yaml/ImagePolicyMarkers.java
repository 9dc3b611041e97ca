package io.gitopspipeline.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.yaml.YamlTree.Document;
import io.gitopspipeline.yaml.YamlTree.Mapping;
import io.gitopspipeline.yaml.YamlTree.Node;
import io.gitopspipeline.yaml.YamlTree.Scalar;
import io.gitopspipeline.yaml.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * Flux image-automation setter markers: a line comment {@code # {"$imagepolicy": "ns:name"}} after
 * a value marks it for the policy's full image reference; {@code ns:name:tag}, {@code :name} and
 * {@code :digest} mark its parts. Mirrors image-automation-controller's setters: the comment (after
 * its leading {@code #}s) must be one JSON object of strings; markers naming a policy that was not
 * given are left alone.
 */
final class ImagePolicyMarkers {
  /** Files without this token hold no marker; Flux screens files the same way. */
  static final String TOKEN = "\"$imagepolicy\"";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final Pattern POLICY = Pattern.compile("[^:\\s]+:[^:\\s]+");

  private final Map<String, String> setters = new LinkedHashMap<>();

  /**
   * @param policies policy ({@code namespace:name}) to image reference ({@code name:tag}, {@code
   *     name@digest} or {@code name:tag@digest})
   */
  ImagePolicyMarkers(Map<String, String> policies) throws InvalidInputException {
    if (policies.isEmpty()) {
      throw new InvalidInputException("no image policy given; use --policy NS:NAME=IMAGE_REF");
    }
    for (Map.Entry<String, String> policy : policies.entrySet()) {
      String key = policy.getKey();
      if (!POLICY.matcher(key).matches()) {
        throw new InvalidInputException(
            "image policy '" + key + "' must be NAMESPACE:NAME, e.g. flux-system:podinfo");
      }
      ImageNames.Given ref = ImageNames.parse(policy.getValue(), "image for policy " + key);
      if (ref.tag() == null && ref.digest() == null) {
        throw new InvalidInputException(
            "image for policy " + key + " needs a tag or a digest, e.g. " + ref.name() + ":1.2.3");
      }
      // as Flux: the full setter writes the reference and :name the name as given, unnormalised
      setters.put(key, ref.text());
      setters.put(key + ":name", ref.name());
      if (ref.tag() != null) {
        setters.put(key + ":tag", ref.tag());
      }
      if (ref.digest() != null) {
        setters.put(key + ":digest", ref.digest());
      }
    }
  }

  /** Every marked value of the text whose policy was given, as planned edits. */
  List<TextEditor.Planned> plan(String text, List<Document> documents) throws GitOpsException {
    List<TextEditor.Planned> planned = new ArrayList<>();
    for (Document document : documents) {
      if (document.root() != null) {
        visit(text, document, document.root(), "", null, planned);
      }
    }
    return planned;
  }

  /**
   * @param shared the nearest enclosing node whose anchor aliases repeat elsewhere, or null
   */
  private void visit(
      String text,
      Document document,
      Node node,
      String path,
      Node shared,
      List<TextEditor.Planned> out)
      throws GitOpsException {
    if (node.anchor != null && node.aliasRefs > 0) {
      shared = node;
    }
    if (node instanceof Mapping mapping) {
      for (int i = 0; i < mapping.keys.size(); i++) {
        String key =
            mapping.keys.get(i) instanceof Scalar s ? new YamlPath.Key(s.value).toString() : "?";
        visit(
            text,
            document,
            mapping.values.get(i),
            path.isEmpty() ? key : path + "." + key,
            shared,
            out);
      }
    } else if (node instanceof Sequence sequence) {
      for (int i = 0; i < sequence.items.size(); i++) {
        visit(text, document, sequence.items.get(i), path + "[" + i + "]", shared, out);
      }
    } else if (node instanceof Scalar scalar) {
      String setter = marker(text, scalar);
      if (setter == null) {
        return;
      }
      String value = setters.get(setter);
      if (value == null) {
        return; // a policy we were not given, or an unknown part: Flux leaves these alone
      }
      if (shared != null) {
        throw new InvalidInputException(
            "the value at '"
                + path
                + "' (line "
                + TextEditor.lineOf(text, scalar.textStart)
                + ") is marked for "
                + setter
                + " but sits in the anchor &"
                + shared.anchor
                + " that aliases repeat; refusing to change those places silently");
      }
      out.add(new TextEditor.Planned(document.index(), path, scalar, value, true, setter));
    }
  }

  /** The setter named by the line comment right after the scalar, or null. */
  static String marker(String text, Scalar scalar) {
    if (scalar.empty || scalar.style == ScalarStyle.LITERAL || scalar.style == ScalarStyle.FOLDED) {
      return null;
    }
    int i = scalar.textEnd;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (i == scalar.textEnd || i >= text.length() || text.charAt(i) != '#') {
      return null;
    }
    int end = text.indexOf('\n', i);
    if (end < 0) {
      end = text.length();
    }
    String comment = text.substring(i, end);
    if (!comment.contains(TOKEN)) {
      return null;
    }
    int start = 0;
    while (start < comment.length() && comment.charAt(start) == '#') {
      start++;
    }
    try {
      JsonNode json = JSON.readTree(comment.substring(start).strip());
      if (json == null || !json.isObject()) {
        return null;
      }
      for (Iterator<JsonNode> values = json.elements(); values.hasNext(); ) {
        if (!values.next().isTextual()) {
          return null; // Go's map[string]string rejects the whole comment
        }
      }
      JsonNode name = json.get("$imagepolicy");
      return name == null || name.asText().isEmpty() ? null : name.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
