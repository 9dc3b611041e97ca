package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.ScmContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops pr comment}: adds a comment to a pull request. */
@Command(
    name = "comment",
    description = "Comment on a pull request. JSON: {\"number\",\"commented\"}.")
final class PrCommentCommand extends GitopsSubcommand {
  @Mixin ScmOptions scm;

  @Option(
      names = "--number",
      required = true,
      paramLabel = "N",
      description = "The pull request number.")
  long number;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Body body;

  static final class Body {
    @Option(names = "--body", paramLabel = "TEXT", description = "The comment, Markdown.")
    String text;

    @Option(names = "--body-file", paramLabel = "FILE", description = "A file holding the comment.")
    Path file;
  }

  @Override
  protected int execute() throws GitOpsException {
    String text = body.text;
    if (body.file != null) {
      try {
        text = Files.readString(body.file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidInputException("--body-file " + body.file + " cannot be read");
      }
    }
    Duration wait = Duration.ofMinutes(1);
    new PullRequestService(
            scm.connect(console().progress(), wait), ScmContext.system(console().progress(), wait))
        .comment(number, text);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("number", number);
    json.put("commented", true);
    console().result(json, "commented on #" + number);
    return 0;
  }
}
