package io.gitopspipeline.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.yaml.YamlTree.Document;
import io.gitopspipeline.yaml.YamlTree.Mapping;
import io.gitopspipeline.yaml.YamlTree.Node;
import io.gitopspipeline.yaml.YamlTree.Scalar;
import io.gitopspipeline.yaml.YamlTree.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kustomize edit set image} on a kustomization's text, format-preserving: the entry named
 * like the image gets the given newName/newTag/digest (fields not given are removed, {@code *}
 * keeps them, as kustomize does); an entry is appended only when none has that name.
 */
final class KustomizeImages {
  private static final List<String> FIELDS = List.of("newName", "newTag", "digest");

  private final TextEditor editor;
  private final YamlLimits limits;

  KustomizeImages(TextEditor editor, YamlLimits limits) {
    this.editor = editor;
    this.limits = limits;
  }

  TextEditor.Result apply(String text, KustomizeImage image) throws GitOpsException {
    validate(image);
    List<Change> changes = new ArrayList<>();
    // Round 1 changes and removes existing fields; round 2 adds what is missing.
    TextEditor.Result first = updateExisting(text, image);
    changes.addAll(first.changes());
    TextEditor.Result second = addMissing(first.text(), image);
    changes.addAll(second.changes());
    return new TextEditor.Result(second.text(), changes);
  }

  private static void validate(KustomizeImage image) throws InvalidInputException {
    if (image.newName() != null && !KustomizeImage.KEEP.equals(image.newName())) {
      ImageNames.Given ref = ImageNames.parse(image.newName(), "new name of image " + image.name());
      if (ref.tag() != null || ref.digest() != null) {
        throw new InvalidInputException(
            "new name '"
                + image.newName()
                + "' of image "
                + image.name()
                + " is not an image name");
      }
    }
    if (image.newTag() != null
        && !KustomizeImage.KEEP.equals(image.newTag())
        && !ImageNames.validTag(image.newTag())) {
      throw new InvalidInputException(
          "tag '" + image.newTag() + "' of image " + image.name() + " is not a valid image tag");
    }
    if (image.digest() != null
        && !KustomizeImage.KEEP.equals(image.digest())
        && !ImageNames.validDigest(image.digest())) {
      throw new InvalidInputException(
          "digest '"
              + image.digest()
              + "' of image "
              + image.name()
              + " is not a valid digest (algorithm:hex, e.g. sha256:...)");
    }
  }

  private record Located(
      Document document, Paths paths, Mapping root, Node images, Node imagesKey) {}

  private Located locate(String text) throws GitOpsException {
    List<Document> documents = YamlTree.parse(text, limits);
    Document document = DocumentSelector.select(documents, null);
    if (!(document.root() instanceof Mapping root)) {
      throw new InvalidInputException("the kustomization is not a mapping of fields");
    }
    Node images = null;
    Node imagesKey = null;
    for (int i = 0; i < root.keys.size(); i++) {
      if (root.keys.get(i) instanceof Scalar key && key.value.equals("images")) {
        images = root.values.get(i);
        imagesKey = key;
      }
    }
    return new Located(document, new Paths(text, document), root, images, imagesKey);
  }

  private Mapping entry(String text, Node images, String name) throws InvalidInputException {
    if (!(images instanceof Sequence sequence)) {
      return null;
    }
    Mapping found = null;
    for (Node item : sequence.items) {
      if (item instanceof Mapping mapping
          && DocumentSelector.value(mapping, "name") instanceof Scalar n
          && n.value.equals(name)) {
        if (found != null) {
          throw new InvalidInputException(
              "the kustomization lists the image " + name + " twice; remove one entry first");
        }
        found = mapping;
      }
    }
    return found;
  }

  private TextEditor.Result updateExisting(String text, KustomizeImage image)
      throws GitOpsException {
    Located located = locate(text);
    Mapping entry = entry(text, located.images(), image.name());
    if (entry == null) {
      return new TextEditor.Result(text, List.of());
    }
    List<TextEditor.Planned> planned = new ArrayList<>();
    List<TextEditor.Removal> removals = new ArrayList<>();
    for (String field : FIELDS) {
      String wanted = wanted(image, field);
      if (KustomizeImage.KEEP.equals(wanted)) {
        continue;
      }
      for (int i = 0; i < entry.keys.size(); i++) {
        if (!(entry.keys.get(i) instanceof Scalar key) || !key.value.equals(field)) {
          continue;
        }
        Node value = entry.values.get(i);
        String path = path(image, field);
        if (wanted != null) {
          if (!(value instanceof Scalar scalar)) {
            throw new InvalidInputException(
                "'" + path + "' is not a single value; fix the kustomization by hand");
          }
          refuseShared(text, path, scalar);
          planned.add(
              new TextEditor.Planned(located.document().index(), path, scalar, wanted, true, null));
        } else {
          removals.add(removal(text, located, entry, i, key, value, path));
        }
      }
    }
    if (planned.isEmpty() && removals.isEmpty()) {
      return new TextEditor.Result(text, List.of());
    }
    return editor.apply(text, List.of(located.document()), planned, List.of(), removals);
  }

  private TextEditor.Result addMissing(String text, KustomizeImage image) throws GitOpsException {
    Located located = locate(text);
    Mapping entry = entry(text, located.images(), image.name());
    List<Map.Entry<String, Fresh>> fields = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    for (String field : FIELDS) {
      String wanted = wanted(image, field);
      if (wanted == null
          || KustomizeImage.KEEP.equals(wanted)
          || (entry != null && DocumentSelector.value(entry, field) != null)) {
        continue;
      }
      fields.add(Map.entry(field, Fresh.text(wanted)));
      changes.add(new Change(0, path(image, field), 0, null, wanted, null));
    }
    if (fields.isEmpty()) {
      return new TextEditor.Result(text, List.of());
    }
    Paths paths = located.paths();
    TextEditor.Insertion insertion;
    if (entry != null) {
      Paths.Placement at = paths.placeEntries(entry, null, "add fields to image " + image.name());
      insertion =
          new TextEditor.Insertion(
              entry, at.offset(), at.indent(), Fresh.map(fields), lines(text, at, changes, 0));
    } else {
      List<Map.Entry<String, Fresh>> item = new ArrayList<>();
      item.add(Map.entry("name", Fresh.text(image.name())));
      item.addAll(fields);
      if (located.images() == null) {
        Paths.Placement at = paths.placeEntries(located.root(), null, "add images");
        insertion =
            new TextEditor.Insertion(
                located.root(),
                at.offset(),
                at.indent(),
                Fresh.map(List.of(Map.entry("images", new Fresh.Seq(List.of(Fresh.map(item)))))),
                lines(text, at, changes, 2));
      } else {
        Paths.Placement at =
            paths.placeItems(located.images(), located.imagesKey(), "add image " + image.name());
        insertion =
            new TextEditor.Insertion(
                located.images(),
                at,
                new Fresh.Seq(List.of(Fresh.map(item))),
                lines(text, at, changes, 1));
      }
    }
    return editor.apply(
        text, List.of(located.document()), List.of(), List.of(insertion), List.of());
  }

  /** Changes with the lines the inserted fields will have. */
  private static List<Change> lines(
      String text, Paths.Placement at, List<Change> changes, int firstFieldLine) {
    int line = TextEditor.lineOf(text, at.offset());
    if (at.offset() > 0 && text.charAt(at.offset() - 1) != '\n') {
      line++;
    }
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      Change c = changes.get(i);
      out.add(
          new Change(c.document(), c.path(), line + firstFieldLine + i, null, c.newValue(), null));
    }
    return out;
  }

  private static TextEditor.Removal removal(
      String text, Located located, Mapping entry, int i, Scalar key, Node value, String path)
      throws InvalidInputException {
    int lineStart = TextEditor.lineStart(text, key.start);
    boolean ownLine = text.substring(lineStart, key.start).isBlank();
    if (entry.flow || !ownLine || !(value instanceof Scalar scalar)) {
      throw new InvalidInputException(
          "kustomize would drop '"
              + path
              + "' (line "
              + TextEditor.lineOf(text, key.start)
              + "), but it does not sit on a line of its own; remove it by hand, or pass * to keep"
              + " it");
    }
    int end = TextEditor.lineEnd(text, Math.max(key.start, Paths.contentEnd(value) - 1));
    return new TextEditor.Removal(
        entry,
        i,
        lineStart,
        end,
        new Change(
            located.document().index(),
            path,
            TextEditor.lineOf(text, key.start),
            scalar.value,
            null,
            null));
  }

  private static void refuseShared(String text, String path, Scalar scalar)
      throws InvalidInputException {
    if (scalar.anchor != null && scalar.aliasRefs > 0) {
      throw new InvalidInputException(
          "'"
              + path
              + "' holds the anchor &"
              + scalar.anchor
              + " used elsewhere (line "
              + TextEditor.lineOf(text, scalar.start)
              + "); refusing to change those places silently");
    }
  }

  private static String wanted(KustomizeImage image, String field) {
    return switch (field) {
      case "newName" -> image.newName();
      case "newTag" -> image.newTag();
      default -> image.digest();
    };
  }

  private static String path(KustomizeImage image, String field) {
    return "images[name=" + image.name().replace("]", "\\]") + "]." + field;
  }
}
