package io.gitopspipeline.cli.yaml;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.yaml.FileEdit;
import io.gitopspipeline.yaml.YamlEditor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops yaml set-image DIR_OR_FILE --policy NS:NAME=IMAGE_REF...}: Flux markers. */
@Command(
    name = "set-image",
    description =
        "Update the values marked for Flux image policies (# {\"$imagepolicy\": \"NS:NAME\"}, and"
            + " its :tag, :name and :digest forms) in a file, or under a directory in every"
            + " *.yaml and *.yml file and every file named Kustomization, as Flux reads them.",
    footer = {
      "",
      "Markers naming a policy that is not given are left alone. Example:",
      "  gitops yaml set-image clusters/prod \\",
      "    --policy flux-system:web=ghcr.io/acme/web:1.4.2"
    })
final class YamlSetImageCommand extends GitopsSubcommand {
  @Parameters(
      paramLabel = "DIR_OR_FILE",
      description =
          "A YAML file, or a directory to search (*.yaml, *.yml, Kustomization; hidden"
              + " directories and symbolic links skipped).")
  Path target;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "NS:NAME=IMAGE_REF",
      description = "An image policy and the image it selected; repeatable.")
  List<String> policies = new ArrayList<>();

  @Mixin EditOptions options;

  @Override
  protected int execute() throws GitOpsException {
    Map<String, String> byPolicy = new LinkedHashMap<>();
    for (String policy : policies) {
      int eq = policy.indexOf('=');
      if (eq <= 0 || eq == policy.length() - 1) {
        throw new InvalidInputException(
            "--policy '"
                + policy
                + "' must be NS:NAME=IMAGE_REF, e.g. flux-system:web=ghcr.io/acme/web:1.2.3");
      }
      if (byPolicy.put(policy.substring(0, eq), policy.substring(eq + 1)) != null) {
        throw new InvalidInputException(
            "--policy " + policy.substring(0, eq) + " is given twice; give each policy once");
      }
    }
    YamlEditor editor = new YamlEditor();
    List<FileEdit> edits = editor.setImagePolicies(target, byPolicy, console().progress());
    return EditReport.finish(console(), editor, edits, options.dryRun);
  }
}
