package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.cli.lifecycle.SupersedeOptions;
import io.gitopspipeline.lifecycle.SupersedeWatch;
import io.gitopspipeline.lifecycle.Supersession;
import io.gitopspipeline.scm.MergeOutcome;
import io.gitopspipeline.scm.MergeSignals;
import io.gitopspipeline.scm.MergeWait;
import io.gitopspipeline.scm.MergeWaitTimedOutException;
import io.gitopspipeline.scm.PullRequest;
import io.gitopspipeline.scm.PullRequestClosedException;
import io.gitopspipeline.scm.PullRequestService;
import io.gitopspipeline.scm.ScmContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops pr wait}: waits until a pull request is merged. */
@Command(
    name = "wait",
    description =
        "Wait until the pull request is merged and print the merge commit. JSON:"
            + " {\"state\",\"mergeCommit\"}. Exit 1 when it was closed without merging, 3 on timeout,"
            + " 4 when a newer build promoted the same app and environment (with --gitops-repo:"
            + " state superseded). With --listen, the provider's pull-request webhook ends the wait"
            + " within a second of the merge (polling continues, slower, as the safety net); see"
            + " docs/webhooks.md.")
final class PrWaitCommand extends GitopsSubcommand {
  @Mixin ScmOptions scm;

  @Option(
      names = "--number",
      required = true,
      paramLabel = "N",
      description = "The pull request number (GitLab: the merge request iid).")
  long number;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30m",
      description = "How long to wait (default: 30m).")
  String timeout;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description = "First pause between polls; pauses double up to --max-interval (default: 10s).")
  String interval;

  @Option(
      names = "--max-interval",
      paramLabel = "DURATION",
      defaultValue = "2m",
      description = "Longest pause between polls (default: 2m).")
  String maxInterval;

  @Option(
      names = "--merge-when-ready",
      description =
          "Merge it once the provider reports it mergeable and its checks green (for providers"
              + " without native auto-merge: Bitbucket).")
  boolean mergeWhenReady;

  @Mixin SupersedeOptions supersede;

  @Option(
      names = "--promotion-commit",
      paramLabel = "SHA",
      description =
          "The commit this build's promotion proposed (promote's \"commit\"); with --gitops-repo.")
  String promotionCommit;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Also receive the provider's pull-request webhook on"
              + " http://HOST:PORT/gitops-webhook/scm/<provider> (port 0: any free port); prints"
              + " 'listening on URL' to standard error once accepting.")
  String listen;

  @Option(
      names = "--webhook-secret-file",
      paramLabel = "F",
      description =
          "File holding the webhook's secret (GitHub/Gitea/Bitbucket: the signing secret; GitLab:"
              + " the secret token; Azure DevOps: the basic-authentication password or the"
              + " X-Gitops-Token header's value). Required unless --listen is a loopback address.")
  Path webhookSecretFile;

  @Override
  protected int execute() throws GitOpsException {
    if (webhookSecretFile != null && listen == null) {
      throw new InvalidInputException("--webhook-secret-file needs --listen");
    }
    Duration total = Durations.parse(timeout);
    boolean watch = supersede.requested();
    if (watch != (promotionCommit != null)) {
      throw new InvalidInputException(
          "--gitops-repo and --promotion-commit go together: the commit this build proposed and"
              + " the repository to watch for newer promotions");
    }
    MergeWait wait =
        new MergeWait(
            Durations.parse(interval), Durations.parse(maxInterval), total, mergeWhenReady);
    var provider = scm.connect(console().progress(), total);
    PullRequestService service =
        new PullRequestService(provider, ScmContext.system(console().progress(), total));
    Secret secret =
        webhookSecretFile == null
            ? null
            : SecretFiles.readToken(webhookSecretFile, "--webhook-secret-file");
    try (MergeWebhookListener listener =
        listen == null
            ? null
            : MergeWebhookListener.start(
                listen, provider.type(), secret, msg -> console().diagnostic(msg))) {
      MergeSignals signals =
          listener == null
              ? MergeSignals.NONE
              : listener.subscribe(provider.type(), provider.repository(), number);
      try (signals) {
        return await(service, wait, signals, watch, total);
      }
    }
  }

  private int await(
      PullRequestService service,
      MergeWait wait,
      MergeSignals signals,
      boolean watch,
      Duration total)
      throws GitOpsException {
    try {
      MergeOutcome outcome;
      if (watch) {
        SupersedeWatch.Outcome<MergeOutcome> watched =
            supersede
                .watch(promotionCommit, true, total)
                .run(() -> service.waitForMerge(number, wait, signals), console().progress());
        if (watched.superseded()) {
          Supersession newer = watched.supersededBy();
          console().diagnostic("pull request #" + number + " " + newer.describe());
          Map<String, Object> json = json("superseded", null, null);
          json.put("supersededBy", SupersedeOptions.json(newer));
          console().result(json, "superseded: " + newer.describe());
          return SupersedeOptions.EXIT_SUPERSEDED;
        }
        outcome = watched.value();
      } else {
        outcome = service.waitForMerge(number, wait, signals);
      }
      console()
          .result(
              json(outcome.state(), outcome.mergeCommit(), null),
              "merged " + outcome.mergeCommit());
      return 0;
    } catch (PullRequestClosedException closed) {
      // the result still says what happened, so scripts read state from stdout and exit 1
      console().diagnostic("error: " + closed.getMessage());
      console().result(json("closed", null, closed.pullRequest().closedBy()), "");
      return closed.kind().exitCode();
    } catch (MergeWaitTimedOutException timedOut) {
      console().diagnostic("error: " + timedOut.getMessage());
      PullRequest last = timedOut.lastSeen();
      console().result(json(last == null ? "unknown" : last.state().jsonName(), null, null), "");
      return timedOut.kind().exitCode();
    }
  }

  private static Map<String, Object> json(String state, String mergeCommit, String closedBy) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("state", state);
    json.put("mergeCommit", mergeCommit);
    if (closedBy != null) {
      json.put("closedBy", closedBy);
    }
    return json;
  }
}
