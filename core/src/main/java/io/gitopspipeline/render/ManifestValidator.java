package io.gitopspipeline.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The checks of {@link Validation} over a set of rendered manifests. */
final class ManifestValidator {
  private static final Set<String> CONTAINER_LISTS =
      Set.of("containers", "initContainers", "ephemeralContainers");

  private final SchemaCheck schema;

  ManifestValidator(SchemaCheck schema) {
    this.schema = schema;
  }

  /** Every problem found, each a sentence naming the resource and the field. */
  List<String> validate(List<Manifest> manifests, Validation checks, ImageRef promoted) {
    List<String> problems = new ArrayList<>();
    if (checks.structure()) {
      Map<String, Manifest> seen = new HashMap<>();
      for (Manifest m : manifests) {
        List<String> missing = new ArrayList<>();
        if (m.apiVersion().isEmpty()) {
          missing.add("apiVersion");
        }
        if (m.kind().isEmpty()) {
          missing.add("kind");
        }
        if (m.name().isEmpty() && !m.metadata().containsKey("generateName")) {
          missing.add("metadata.name");
        }
        if (!missing.isEmpty()) {
          problems.add(m.describe() + ": missing " + String.join(", ", missing));
          continue;
        }
        String key = m.group() + "|" + m.kind() + "|" + m.namespace() + "|" + m.name();
        Manifest previous = seen.putIfAbsent(key, m);
        if (previous != null) {
          problems.add(
              m.describe()
                  + ": duplicate of "
                  + previous.describe()
                  + " (same group, kind, namespace and name)");
        }
      }
    }
    if (checks.schema()) {
      for (Manifest m : manifests) {
        schema.check(m, problems);
      }
    }
    if (checks.imagePolicy() || (checks.requirePromotedImage() && promoted != null)) {
      for (Manifest m : manifests) {
        for (ContainerImage image : images(m)) {
          ImageRef ref = ImageRef.split(image.image());
          String where = m.describe() + ": " + image.path() + " '" + image.image() + "'";
          if (checks.imagePolicy()) {
            if (ref.tag().isEmpty() && ref.digest().isEmpty()) {
              problems.add(where + " has neither tag nor digest; pin a version");
            } else if (ref.tag().equals("latest") && ref.digest().isEmpty()) {
              problems.add(where + " uses :latest; pin a version or digest");
            }
          }
          if (checks.requirePromotedImage()
              && promoted != null
              && ref.canonicalRepository().equals(promoted.canonicalRepository())
              && !matchesPromoted(ref, promoted)) {
            problems.add(
                where
                    + " is not the promoted image "
                    + promoted.reference()
                    + "; the template still pins another version");
          }
        }
      }
    }
    return problems;
  }

  private static boolean matchesPromoted(ImageRef ref, ImageRef promoted) {
    if (!promoted.digest().isEmpty()) {
      return promoted.digest().equals(ref.digest());
    }
    return promoted.tag().equals(ref.tag());
  }

  /** A container image and the field it is in. */
  record ContainerImage(String path, String image) {}

  /** Every container image in a manifest: any {@code containers}-like list, at any depth. */
  static List<ContainerImage> images(Manifest manifest) {
    List<ContainerImage> found = new ArrayList<>();
    collect(manifest.content(), "", found);
    return found;
  }

  private static void collect(Object value, String path, List<ContainerImage> found) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (CONTAINER_LISTS.contains(key) && e.getValue() instanceof List<?> list) {
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> container
                && container.get("image") instanceof String image) {
              found.add(new ContainerImage(childPath + "[" + i + "].image", image));
            }
          }
        } else {
          collect(e.getValue(), childPath, found);
        }
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collect(list.get(i), path + "[" + i + "]", found);
      }
    }
  }

  /** Distinct images referenced, sorted. */
  static List<String> imagesOf(List<Manifest> manifests) {
    Set<String> images = new TreeSet<>();
    for (Manifest m : manifests) {
      for (ContainerImage image : images(m)) {
        images.add(image.image());
      }
    }
    return List.copyOf(images);
  }
}
