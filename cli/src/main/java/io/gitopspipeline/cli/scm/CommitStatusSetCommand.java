package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.scm.CommitState;
import io.gitopspipeline.scm.CommitStatus;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.ScmContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops commit-status set}. */
@Command(
    name = "set",
    description = "Set a status on a commit. JSON: {\"commit\",\"state\",\"context\"}.")
final class CommitStatusSetCommand extends GitopsSubcommand {
  @Mixin ScmOptions scm;

  @Option(names = "--commit", required = true, paramLabel = "SHA", description = "The commit.")
  String commit;

  @Option(
      names = "--state",
      required = true,
      paramLabel = "STATE",
      description = "pending|success|failure|error.")
  String state;

  @Option(
      names = "--context",
      required = true,
      paramLabel = "NAME",
      description = "What the status is about, e.g. gitops/promote/staging.")
  String context;

  @Option(names = "--description", paramLabel = "TEXT", description = "One line for people.")
  String description;

  @Option(
      names = "--target-url",
      paramLabel = "URL",
      description = "A link to details, e.g. the build.")
  String targetUrl;

  @Override
  protected int execute() throws GitOpsException {
    CommitState parsed = CommitState.parse(state);
    Duration wait = Duration.ofMinutes(1);
    new PullRequestService(
            scm.connect(console().progress(), wait), ScmContext.system(console().progress(), wait))
        .setCommitStatus(commit, new CommitStatus(parsed, context, description, targetUrl));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("commit", commit);
    json.put("state", parsed.name().toLowerCase(java.util.Locale.ROOT));
    json.put("context", context);
    console().result(json, "set " + json.get("state") + " '" + context + "' on " + commit);
    return 0;
  }
}
