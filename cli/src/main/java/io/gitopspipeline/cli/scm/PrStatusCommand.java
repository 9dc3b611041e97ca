package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.scm.PullRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops pr status}: one look at a pull request. */
@Command(
    name = "status",
    description =
        "Show a pull request. JSON: {\"number\",\"url\",\"state\",\"title\",\"head\",\"base\",\"headCommit\","
            + "\"mergeCommit\",\"closedBy\",\"mergeable\",\"labels\"}.")
final class PrStatusCommand extends GitopsSubcommand {
  @Mixin ScmOptions scm;

  @Option(
      names = "--number",
      required = true,
      paramLabel = "N",
      description = "The pull request number.")
  long number;

  @Override
  protected int execute() throws GitOpsException {
    PullRequest pr = scm.connect(console().progress(), Duration.ofMinutes(1)).get(number);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("number", pr.number());
    json.put("url", pr.url());
    json.put("state", pr.state().jsonName());
    json.put("title", pr.title());
    json.put("head", pr.headBranch());
    json.put("base", pr.baseBranch());
    json.put("headCommit", pr.headSha());
    json.put("mergeCommit", pr.mergeCommit());
    json.put("closedBy", pr.closedBy());
    json.put("mergeable", pr.mergeable());
    json.put("labels", pr.labels());
    console()
        .result(
            json,
            "#"
                + pr.number()
                + " "
                + pr.state().jsonName()
                + " "
                + pr.headBranch()
                + " -> "
                + pr.baseBranch()
                + (pr.mergeCommit() == null ? "" : " merged as " + pr.mergeCommit())
                + "\n"
                + pr.url());
    return 0;
  }
}
