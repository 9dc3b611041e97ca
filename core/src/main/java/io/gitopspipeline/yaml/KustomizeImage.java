package io.gitopspipeline.yaml;

import io.gitopspipeline.api.InvalidInputException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code images:} entry of a kustomization, as {@code kustomize edit set image} takes it. A
 * null field is not set (and is removed from an existing entry, as kustomize does); {@link #KEEP}
 * ({@code *}) keeps the entry's current value.
 *
 * @param name the image name the manifests use (matched against {@code images[].name})
 * @param newName replacement image name, or null
 * @param newTag replacement tag, or null
 * @param digest replacement digest ({@code sha256:...}), or null
 */
public record KustomizeImage(String name, String newName, String newTag, String digest) {
  /** Keeps the existing value of a field, like kustomize's {@code *}. */
  public static final String KEEP = "*";

  private static final Pattern TAGGED = Pattern.compile("^(.*):([a-zA-Z0-9._-]*|\\*)$");

  public KustomizeImage {
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses kustomize's argument forms: {@code NAME=NEWNAME:TAG}, {@code NAME=NEWNAME@DIGEST},
   * {@code NAME=NEWNAME:TAG@DIGEST}, {@code NAME=NEWNAME}, {@code NAME:TAG}, {@code NAME@DIGEST}.
   */
  public static KustomizeImage parse(String argument) throws InvalidInputException {
    if (argument == null || argument.isBlank()) {
      throw new InvalidInputException(
          "no image given; use NAME=NEWNAME:TAG or NAME=NEWNAME@DIGEST");
    }
    String[] parts = argument.split("=", -1);
    KustomizeImage image;
    if (parts.length == 2) {
      String[] target = overwrite(argument, parts[1], true);
      image = new KustomizeImage(parts[0], target[0], target[1], target[2]);
    } else if (parts.length == 1) {
      String[] target = overwrite(argument, argument, false);
      image = new KustomizeImage(target[0], null, target[1], target[2]);
    } else {
      throw invalid(argument);
    }
    if (image.name().isEmpty() || (image.newName() != null && image.newName().isEmpty())) {
      throw invalid(argument);
    }
    return image;
  }

  private static String[] overwrite(String argument, String text, boolean nameAllowed)
      throws InvalidInputException {
    int at = text.indexOf('@');
    if (at >= 0) {
      String before = text.substring(0, at);
      String digest = text.substring(at + 1);
      if (digest.isEmpty() || digest.contains("@")) {
        throw invalid(argument);
      }
      Matcher tagged = TAGGED.matcher(before);
      if (tagged.matches() && !tagged.group(1).isEmpty()) {
        return new String[] {tagged.group(1), emptyToNull(tagged.group(2)), digest};
      }
      return new String[] {before, null, digest};
    }
    Matcher tagged = TAGGED.matcher(text);
    if (tagged.matches()) {
      return new String[] {tagged.group(1), emptyToNull(tagged.group(2)), null};
    }
    if (!text.isEmpty() && nameAllowed) {
      return new String[] {text, null, null};
    }
    throw invalid(argument);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static InvalidInputException invalid(String argument) {
    return new InvalidInputException(
        "invalid image '"
            + argument
            + "'; use one of NAME=NEWNAME:TAG, NAME=NEWNAME@DIGEST, NAME=NEWNAME:TAG@DIGEST,"
            + " NAME=NEWNAME, NAME:TAG, NAME@DIGEST");
  }
}
