package io.gitopspipeline.cli.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.yaml.FileEdit;
import io.gitopspipeline.yaml.KustomizeImage;
import io.gitopspipeline.yaml.YamlEditor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops yaml kustomize-image KUSTOMIZATION --image NAME=NEWNAME:TAG|@DIGEST}. */
@Command(
    name = "kustomize-image",
    description =
        "Set an image in a kustomization's images: list, like 'kustomize edit set image', keeping"
            + " the file's formatting.",
    footer = {
      "",
      "Image forms: NAME=NEWNAME:TAG, NAME=NEWNAME@DIGEST, NAME=NEWNAME:TAG@DIGEST,",
      "NAME=NEWNAME, NAME:TAG, NAME@DIGEST. As with kustomize, fields not given are",
      "removed from the entry; * keeps one (NAME=*:TAG keeps newName). An entry is",
      "added only when the image is not listed."
    })
final class YamlKustomizeImageCommand extends GitopsSubcommand {
  @Parameters(
      paramLabel = "KUSTOMIZATION",
      description = "The kustomization.yaml, or the directory holding it.")
  Path kustomization;

  @Option(
      names = "--image",
      required = true,
      paramLabel = "NAME=NEWNAME:TAG|@DIGEST",
      description = "The image to set; repeatable.")
  List<String> images = new ArrayList<>();

  @Mixin EditOptions options;

  @Override
  protected int execute() throws GitOpsException {
    List<KustomizeImage> parsed = new ArrayList<>();
    for (String image : images) {
      parsed.add(KustomizeImage.parse(image));
    }
    Path file = kustomization;
    if (Files.isDirectory(file)) {
      file = kustomizationIn(file);
    }
    YamlEditor editor = new YamlEditor();
    FileEdit edit = editor.setKustomizeImages(file, parsed);
    return EditReport.finish(console(), editor, List.of(edit), options.dryRun);
  }

  /** The file kustomize reads in a directory, under any of its accepted names. */
  private static Path kustomizationIn(Path directory) {
    for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
      if (Files.isRegularFile(directory.resolve(name))) {
        return directory.resolve(name);
      }
    }
    return directory.resolve("kustomization.yaml");
  }
}
