package io.gitopspipeline.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Format-preserving YAML edits: only the bytes of the targeted values change; comments, blank
 * lines, key order, indentation, quoting, anchors, document markers, line endings and a byte order
 * mark stay as they were. Every edit is verified before it can be written: the re-parsed document
 * must equal the old one with exactly the requested values replaced, and every line without an edit
 * must be byte-identical.
 *
 * <p>Edits are planned first ({@link FileEdit}, nothing written) and then written atomically with
 * {@link #write(FileEdit)}, so a dry run is a plan that is never written.
 */
public final class YamlEditor {
  private final YamlLimits limits;
  private final TextEditor editor;

  public YamlEditor() {
    this(YamlLimits.DEFAULT);
  }

  public YamlEditor(YamlLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.editor = new TextEditor(limits);
  }

  /**
   * Plans setting values in one document of a file.
   *
   * @param document which document of a multi-document file: an index from 0 or {@code Kind/name};
   *     null when the file holds one document
   * @param updates paths and values, applied in order
   */
  public FileEdit set(Path file, String document, List<ValueUpdate> updates)
      throws GitOpsException {
    YamlFiles.Source source = YamlFiles.read(file, limits);
    TextEditor.Result result = editor.set(source.text(), document, updates, false);
    return edit(source, result);
  }

  /**
   * Plans setting an image's parts in a Helm values file (or any YAML) at the given key paths,
   * always as strings ({@code 1.10} stays the tag "1.10"). Null paths or values are skipped.
   *
   * @param create add missing keys instead of failing
   */
  public FileEdit setImageValues(
      Path file,
      String document,
      ImageValuePaths paths,
      String repository,
      String tag,
      String digest,
      boolean create)
      throws GitOpsException {
    List<ValueUpdate> updates = new ArrayList<>();
    if (paths.repository() != null && repository != null) {
      updates.add(new ValueUpdate(paths.repository(), repository, create));
    }
    if (paths.tag() != null && tag != null) {
      updates.add(new ValueUpdate(paths.tag(), tag, create));
    }
    if (paths.digest() != null && digest != null) {
      updates.add(new ValueUpdate(paths.digest(), digest, create));
    }
    if (updates.isEmpty()) {
      throw new InvalidInputException("no image value to set: give a key path and a value");
    }
    YamlFiles.Source source = YamlFiles.read(file, limits);
    return edit(source, editor.set(source.text(), document, updates, true));
  }

  /** Plans {@code kustomize edit set image} on a kustomization file. */
  public FileEdit setKustomizeImage(Path kustomization, KustomizeImage image)
      throws GitOpsException {
    return setKustomizeImages(kustomization, List.of(image));
  }

  /** Plans {@code kustomize edit set image} for several images, in order, as one edit. */
  public FileEdit setKustomizeImages(Path kustomization, List<KustomizeImage> images)
      throws GitOpsException {
    YamlFiles.Source source = YamlFiles.read(kustomization, limits);
    KustomizeImages kustomize = new KustomizeImages(editor, limits);
    String text = source.text();
    List<Change> changes = new ArrayList<>();
    for (KustomizeImage image : images) {
      TextEditor.Result result = kustomize.apply(text, image);
      text = result.text();
      changes.addAll(result.changes());
    }
    return edit(source, new TextEditor.Result(text, changes));
  }

  /**
   * Plans updating every Flux image-policy marker ({@code # {"$imagepolicy": "ns:name[:part]"}}) in
   * a file, or in every {@code .yaml}/{@code .yml} file and every file named {@code Kustomization}
   * under a directory (hidden directories and symbolic links skipped), for the given policies.
   * Returns only the files that change.
   *
   * @param policies {@code namespace:name} of each ImagePolicy to the image reference it selected
   *     ({@code name:tag}, {@code name@digest} or {@code name:tag@digest})
   */
  public List<FileEdit> setImagePolicies(Path dirOrFile, Map<String, String> policies)
      throws GitOpsException {
    return setImagePolicies(dirOrFile, policies, ProgressListener.NONE);
  }

  /** {@link #setImagePolicies(Path, Map)}, reporting which files were searched and changed. */
  public List<FileEdit> setImagePolicies(
      Path dirOrFile, Map<String, String> policies, ProgressListener progress)
      throws GitOpsException {
    ImagePolicyMarkers markers = new ImagePolicyMarkers(policies);
    List<FileEdit> edits = new ArrayList<>();
    List<Path> files = yamlFiles(dirOrFile);
    progress.debug("yaml", "searching " + files.size() + " YAML file(s) for image policy markers");
    for (Path file : files) {
      YamlFiles.Source source = YamlFiles.read(file, limits);
      if (!source.text().contains(ImagePolicyMarkers.TOKEN)) {
        continue;
      }
      try {
        List<YamlTree.Document> documents = YamlTree.parse(source.text(), limits);
        List<TextEditor.Planned> planned = markers.plan(source.text(), documents);
        if (planned.isEmpty()) {
          continue;
        }
        FileEdit edit =
            edit(source, editor.apply(source.text(), documents, planned, List.of(), List.of()));
        if (edit.changed()) {
          edits.add(edit);
          progress.debug("yaml", file + ": " + edit.changes().size() + " marked value(s) change");
        }
      } catch (InvalidInputException e) {
        throw new InvalidInputException(file + ": " + e.getMessage(), e);
      }
    }
    return edits;
  }

  /**
   * Writes a planned edit atomically (temporary file and rename), if it changes anything. Fails
   * without touching the file if it changed on disk since it was planned.
   */
  public void write(FileEdit edit) throws GitOpsException {
    if (edit.changed()) {
      YamlFiles.replace(edit.path(), edit.original(), edit.updated());
    }
  }

  /** Plans and writes {@link #set}; returns what changed. */
  public FileEdit setAndWrite(Path file, String document, List<ValueUpdate> updates)
      throws GitOpsException {
    FileEdit edit = set(file, document, updates);
    write(edit);
    return edit;
  }

  /** Plans and writes {@link #setKustomizeImage}; returns what changed. */
  public FileEdit setKustomizeImageAndWrite(Path kustomization, KustomizeImage image)
      throws GitOpsException {
    FileEdit edit = setKustomizeImage(kustomization, image);
    write(edit);
    return edit;
  }

  /** Edits YAML text rather than a file (no byte order mark handling); for embedding callers. */
  public String set(String yaml, String document, List<ValueUpdate> updates)
      throws GitOpsException {
    return editor.set(yaml, document, updates, false).text();
  }

  private static FileEdit edit(YamlFiles.Source source, TextEditor.Result result) {
    return new FileEdit(
        source.path(), source.bytes(), source.encode(result.text()), result.changes());
  }

  private static List<Path> yamlFiles(Path dirOrFile) throws GitOpsException {
    if (Files.isRegularFile(dirOrFile)) {
      return List.of(dirOrFile);
    }
    if (!Files.isDirectory(dirOrFile)) {
      throw new InvalidInputException(dirOrFile + " is neither a file nor a directory");
    }
    try (Stream<Path> walk = Files.walk(dirOrFile)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !hidden(dirOrFile, p))
          .filter(p -> readByFlux(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new GitOpsException("cannot list " + dirOrFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file names Flux's image-automation-controller screens for markers ({@code
   * internal/update/filereader.go}): extension {@code .yaml} or {@code .yml}, or exactly {@code
   * Kustomization}, the extensionless name kustomize also accepts.
   */
  static boolean readByFlux(String name) {
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.equals("Kustomization");
  }

  private static boolean hidden(Path root, Path file) {
    Path relative = root.relativize(file);
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      if (relative.getName(i).toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
