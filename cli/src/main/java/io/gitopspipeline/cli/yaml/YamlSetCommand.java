package io.gitopspipeline.cli.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.yaml.FileEdit;
import io.gitopspipeline.yaml.ValueUpdate;
import io.gitopspipeline.yaml.YamlEditor;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops yaml set FILE --path P --value V [--create] [--document SEL]}. */
@Command(
    name = "set",
    description = "Set one value in a YAML file, changing nothing else.",
    footer = {
      "",
      "Paths: dotted keys (image.tag), list indexes (containers.0, containers[0]),",
      "escaped dots (metadata.annotations.example\\.com/team) and selection by a",
      "field (containers[name=app].image). The value keeps its type: a string stays",
      "a string (quoted when needed, e.g. \"1.10\")."
    })
final class YamlSetCommand extends GitopsSubcommand {
  @Parameters(paramLabel = "FILE", description = "The YAML file to edit in place.")
  Path file;

  @Option(names = "--path", required = true, paramLabel = "P", description = "Where the value is.")
  String path;

  @Option(names = "--value", required = true, paramLabel = "V", description = "The new value.")
  String value;

  @Option(
      names = "--create",
      description = "Add missing keys (with the file's indentation) instead of failing.")
  boolean create;

  @Option(
      names = "--document",
      paramLabel = "SEL",
      description = "Which document of a multi-document file: an index from 0, or Kind/name.")
  String document;

  @Mixin EditOptions options;

  @Override
  protected int execute() throws GitOpsException {
    YamlEditor editor = new YamlEditor();
    FileEdit edit = editor.set(file, document, List.of(new ValueUpdate(path, value, create)));
    return EditReport.finish(console(), editor, List.of(edit), options.dryRun);
  }
}
