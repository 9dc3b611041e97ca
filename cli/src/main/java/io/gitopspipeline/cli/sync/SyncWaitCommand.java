package io.gitopspipeline.cli.sync;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopspipeline.api.Durations;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.lifecycle.SupersedeOptions;
import io.gitopspipeline.cli.scm.CommitStatusSourceOptions;
import io.gitopspipeline.lifecycle.SupersedeWatch;
import io.gitopspipeline.lifecycle.Supersession;
import io.gitopspipeline.scm.ScmCommitStatusSource;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.sync.CommitStatusPoller;
import io.gitopspipeline.sync.KubernetesClients;
import io.gitopspipeline.sync.KubernetesStatusPoller;
import io.gitopspipeline.sync.PollingFallback;
import io.gitopspipeline.sync.RevisionAncestry;
import io.gitopspipeline.sync.Target;
import io.gitopspipeline.sync.TargetStatus;
import io.gitopspipeline.sync.Wait;
import io.gitopspipeline.sync.WaitListener;
import io.gitopspipeline.sync.WaitOutcome;
import io.gitopspipeline.sync.WaitRegistry;
import io.gitopspipeline.sync.WaitRequest;
import io.gitopspipeline.sync.WaitState;
import io.gitopspipeline.sync.WebhookHandler;
import io.gitopspipeline.sync.WebhookServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gitops sync wait}: until every target applied the revision, failed, or time ran out. */
@Command(
    name = "wait",
    description = {
      "Wait until every target reports the GitOps revision (or a later one containing it) applied"
          + " and healthy.",
      "Events come over HTTP (--listen: Flux generic/generic-hmac Provider, Argo CD"
          + " notifications, gitops-connector payloads) and/or by polling the Kubernetes API"
          + " (without --listen, or with --kubeconfig/--context), and/or by polling the commit"
          + " statuses Flux sets on the revision (--commit-status-provider).",
      "Exit codes: 0 succeeded, 1 the reconciler reported a failure, 2 bad input, 3 timed out, 4"
          + " superseded (with --gitops-repo: another build promoted the same app and environment"
          + " meanwhile)."
    })
public final class SyncWaitCommand extends GitopsSubcommand {
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(10);

  @Option(
      names = "--revision",
      required = true,
      paramLabel = "SHA",
      description =
          "The GitOps commit SHA to wait for (a HelmRelease's chart version also works; for an OCI"
              + " artifact, its digest sha256:... or TAG@sha256:DIGEST).")
  String revision;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "KIND/NS/NAME",
      description =
          "A reconciled object that must apply the revision, e.g. Kustomization/flux-system/apps,"
              + " HelmRelease/apps/podinfo, OCIRepository/flux-system/app-manifests,"
              + " Application/argocd/podinfo; append @CLUSTER to match"
              + " the 'cluster' label of events. Repeatable.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description =
          "Receive reconciler events over HTTP on this address (port 0: any free port); prints"
              + " 'listening on http://HOST:PORT/gitops-webhook' to standard error once accepting."
              + " Events are POSTed as application/json.")
  String listen;

  @ArgGroup(exclusive = true)
  ListenOptions.Auth auth;

  @Option(
      names = "--kubeconfig",
      paramLabel = "F",
      description = "Poll the Kubernetes API with this kubeconfig (default: as kubectl does).")
  Path kubeconfig;

  @Option(names = "--context", paramLabel = "C", description = "The kubeconfig context to poll.")
  String context;

  @Mixin CommitStatusSourceOptions commitStatuses;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "How long to wait, e.g. 90s, 10m, 1h (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Mixin SupersedeOptions supersede;

  @Override
  protected int execute() throws GitOpsException {
    boolean watchSupersede = supersede.requested();
    List<Target> parsed = new ArrayList<>();
    for (String target : targets) {
      parsed.add(Target.parse(target));
    }
    Duration duration = Durations.parse(timeout);
    WaitRequest request = WaitRequest.of(revision, parsed, duration, Clock.systemUTC());
    ListenOptions.Address address = listen == null ? null : ListenOptions.parseListen(listen);
    var authenticator = address == null ? null : ListenOptions.authenticator(auth, address);
    boolean statuses = commitStatuses.requested();
    boolean poll = (listen == null && !statuses) || kubeconfig != null || context != null;
    if (listen == null
        && !statuses
        && kubeconfig == null
        && context == null
        && !kubernetesReachable()) {
      throw new io.gitopspipeline.api.InvalidInputException(
          "nothing to wait with: give --listen HOST:PORT to receive reconciler events, or"
              + " --kubeconfig/--context to poll the cluster (no KUBECONFIG, no ~/.kube/config and"
              + " not running in a cluster), or --commit-status-provider to poll commit statuses");
    }
    ProgressListener progress = console().progress();
    // Connected up front so a bad provider, repository or token fails before waiting.
    ScmProvider statusProvider = commitStatuses.connect(progress, duration).orElse(null);

    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "gitops-sync");
              thread.setDaemon(true);
              return thread;
            });
    KubernetesClient client = null;
    WebhookServer server = null;
    try (WaitRegistry registry =
        new WaitRegistry(RevisionAncestry.EXACT, scheduler, Clock.systemUTC())) {
      if (address != null) {
        WebhookHandler handler =
            new WebhookHandler(
                authenticator,
                event -> {
                  progress.debug("sync", "received " + event.describe());
                  registry.accept(event);
                });
        try {
          server = WebhookServer.start(address.host(), address.port(), handler);
        } catch (IOException e) {
          throw new GitOpsException(
              "cannot listen on " + listen + " (" + e.getMessage() + "); pick another address", e);
        }
      }
      Wait wait = registry.register(request, new ProgressLog(progress));
      if (server != null) {
        console().diagnostic("listening on " + server.uri());
      }
      PollingFallback statusPolling = null;
      if (statusProvider != null) {
        statusPolling =
            new PollingFallback(
                new CommitStatusPoller(new ScmCommitStatusSource(statusProvider)),
                registry,
                scheduler,
                POLL_INTERVAL,
                progress);
        statusPolling.watch(wait);
      }
      PollingFallback polling = null;
      if (poll) {
        client = KubernetesClients.connect(kubeconfig, context);
        polling =
            new PollingFallback(
                new KubernetesStatusPoller(client), registry, scheduler, POLL_INTERVAL, progress);
        polling.watch(wait);
      }
      WaitState state;
      Supersession newer = null;
      try {
        if (watchSupersede) {
          SupersedeWatch.Outcome<WaitState> watched =
              supersede
                  .watch(revision, false, duration)
                  .run(() -> wait.await(Duration.ofSeconds(5)), progress);
          if (watched.superseded()) {
            wait.cancel();
            newer = watched.supersededBy();
            state = wait.state();
          } else {
            state = watched.value();
          }
        } else {
          state = wait.await(Duration.ofSeconds(5));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        wait.cancel();
        state = wait.state();
      } finally {
        if (statusPolling != null) {
          statusPolling.close();
        }
        if (polling != null) {
          polling.close();
        }
        if (client != null) {
          client.close(); // stops a poll in flight, so nothing is printed after the result
          client = null;
        }
      }
      if (newer != null) {
        Map<String, Object> json = new LinkedHashMap<>(state.toMap());
        json.put("outcome", "superseded");
        json.put("supersededBy", SupersedeOptions.json(newer));
        console().diagnostic("revision " + revision + " " + newer.describe());
        console().result(json, "revision " + revision + ": superseded\n" + newer.describe());
        return SupersedeOptions.EXIT_SUPERSEDED;
      }
      console().result(state.toMap(), text(state));
      if (state.outcome() == WaitOutcome.SUCCEEDED) {
        return 0;
      }
      try {
        state.throwIfUnsuccessful();
      } catch (GitOpsException e) {
        console().diagnostic("error: " + e.getMessage());
        return e.kind().exitCode();
      }
      return 1;
    } finally {
      if (server != null) {
        server.close();
      }
      if (client != null) {
        client.close();
      }
      scheduler.shutdownNow();
    }
  }

  /** A kubeconfig kubectl would find, or a pod's service account. */
  private static boolean kubernetesReachable() {
    String env = System.getenv("KUBECONFIG");
    return (env != null && !env.isBlank())
        || java.nio.file.Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"))
        || System.getenv("KUBERNETES_SERVICE_HOST") != null;
  }

  private static String text(WaitState state) {
    return "revision "
        + state.revision()
        + ": "
        + state.outcome().name().toLowerCase(java.util.Locale.ROOT)
        + "\n"
        + state.summary();
  }

  /** Reports each target's change as progress. */
  private record ProgressLog(ProgressListener progress) implements WaitListener {
    @Override
    public void onComplete(WaitState state) {}

    @Override
    public void onUpdate(WaitState state) {
      for (TargetStatus status : state.targets()) {
        if (!status.events().isEmpty()) {
          progress.info("sync", status.describe());
        }
      }
    }
  }
}
