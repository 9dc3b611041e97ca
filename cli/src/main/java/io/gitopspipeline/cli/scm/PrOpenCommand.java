package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestResult;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.PullRequestSpec;
import io.gitopspipeline.scm.ScmContext;
import io.gitopspipeline.scm.ScmProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops pr open}: opens a pull request, or updates the open one for the same branches. */
@Command(
    name = "open",
    description =
        "Open a pull request from --head into --base, or update the open one (title, body, labels,"
            + " reviewers) instead of opening a duplicate. JSON: {\"number\",\"url\",\"state\"}.")
final class PrOpenCommand extends GitopsSubcommand {
  @Mixin ScmOptions scm;

  @Option(
      names = "--head",
      required = true,
      paramLabel = "BRANCH",
      description = "The branch with the change.")
  String head;

  @Option(
      names = "--base",
      required = true,
      paramLabel = "BRANCH",
      description = "The branch to merge into.")
  String base;

  @Option(
      names = {"--title", "--pr-title"},
      required = true,
      paramLabel = "TITLE",
      description = "The title.")
  String title;

  @Option(
      names = "--body-file",
      paramLabel = "FILE",
      description = "Markdown description (default: empty).")
  Path bodyFile;

  @Option(names = "--label", paramLabel = "LABEL", description = "A label to add; repeatable.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--reviewer",
      paramLabel = "USER",
      description = "A reviewer to request; repeatable.")
  List<String> reviewers = new ArrayList<>();

  @Option(names = "--draft", description = "Open as a draft.")
  boolean draft;

  @Option(
      names = "--auto-merge",
      description = "Turn on the provider's auto-merge (it still waits for required checks).")
  boolean autoMerge;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      description = "How long rate limits may be waited out (default: 5m).")
  String timeout;

  @Override
  protected int execute() throws GitOpsException {
    String body = "";
    if (bodyFile != null) {
      try {
        body = Files.readString(bodyFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InvalidInputException("--body-file " + bodyFile + " cannot be read");
      }
    }
    var maxWait = Durations.parse(timeout);
    ScmProvider provider = scm.connect(console().progress(), maxWait);
    PullRequestService service =
        new PullRequestService(provider, ScmContext.system(console().progress(), maxWait));
    PullRequest pr =
        service.openOrUpdate(
            new PullRequestSpec(head, base, title, body, labels, reviewers, draft));
    if (autoMerge) {
      service.enableAutoMerge(pr);
    }
    PullRequestResult result = PullRequestResult.of(pr);
    console().result(result, "#" + result.number() + " " + result.state() + " " + result.url());
    return 0;
  }
}
