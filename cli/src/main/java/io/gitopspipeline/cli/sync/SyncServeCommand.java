package io.gitopspipeline.cli.sync;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.GitopsSubcommand;
import io.gitopspipeline.cli.OutputFormat;
import io.gitopspipeline.cli.SecretFiles;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.webhook.ScmEvent;
import io.gitopspipeline.scm.webhook.ScmWebhookHandler;
import io.gitopspipeline.sync.SyncEvent;
import io.gitopspipeline.sync.WaitState;
import io.gitopspipeline.sync.WebhookEndpoint;
import io.gitopspipeline.sync.WebhookHandler;
import io.gitopspipeline.sync.WebhookServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gitops sync serve}: receive reconciler events and print them, to check a setup. */
@Command(
    name = "serve",
    description = {
      "Receive reconciler events over HTTP and print each normalised event, one per line (JSON"
          + " lines with --output json); useful to check a Flux Provider/Alert or an Argo CD"
          + " notifications setup. Runs until interrupted.",
      "Serves POST requests with Content-Type: application/json on /gitops-webhook,"
          + " /gitops-webhook/flux, /gitops-webhook/argocd and /gitopsphase; limits and answers"
          + " are in docs/sync.md.",
      "Also serves the SCM providers' pull-request webhooks on /gitops-webhook/scm/<provider>"
          + " (github, gitlab, gitea, forgejo, bitbucket, bitbucket-cloud, azure), authenticated"
          + " with --scm-secret-file (docs/webhooks.md); without it, only on a loopback address."
    })
public final class SyncServeCommand extends GitopsSubcommand {
  @Option(
      names = "--listen",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The address to listen on (port 0: any free port).")
  String listen;

  @ArgGroup(exclusive = true)
  ListenOptions.Auth auth;

  @Option(
      names = "--scm-secret-file",
      paramLabel = "F",
      description =
          "File holding the SCM webhooks' secret (signing secret, GitLab secret token, or Azure"
              + " DevOps basic-authentication password).")
  Path scmSecretFile;

  /** For tests and scripts: stop after this many events. */
  @Option(names = "--max-events", hidden = true, defaultValue = "0")
  int maxEvents;

  @Override
  protected int execute() throws GitOpsException {
    ListenOptions.Address address = ListenOptions.parseListen(listen);
    var authenticator = ListenOptions.authenticator(auth, address);
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    Object printLock = new Object();
    WebhookHandler handler =
        new WebhookHandler(
            authenticator,
            event -> {
              synchronized (printLock) {
                print(event);
              }
              if (maxEvents > 0 && seen.incrementAndGet() >= maxEvents) {
                done.countDown();
              }
            });
    Map<String, WebhookEndpoint> routes = WebhookServer.reconcilerRoutes(handler);
    Secret scmSecret =
        scmSecretFile == null ? null : SecretFiles.readToken(scmSecretFile, "--scm-secret-file");
    if (scmSecret != null || ListenOptions.isLoopback(address.host())) {
      Map<ProviderType, Secret> secrets = new EnumMap<>(ProviderType.class);
      for (ProviderType provider : ProviderType.values()) {
        secrets.put(provider, scmSecret);
      }
      routes.putAll(
          ScmWebhookHandler.routes(
              secrets,
              event -> {
                synchronized (printLock) {
                  print(event);
                }
                if (maxEvents > 0 && seen.incrementAndGet() >= maxEvents) {
                  done.countDown();
                }
              }));
    } else {
      console()
          .diagnostic(
              "note: SCM webhooks (/gitops-webhook/scm/...) are not served: give"
                  + " --scm-secret-file to accept them on a non-loopback address");
    }
    WebhookServer server;
    try {
      server =
          WebhookServer.start(address.host(), address.port(), routes, WebhookServer.Limits.DEFAULT);
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot listen on " + listen + " (" + e.getMessage() + "); pick another address", e);
    }
    Thread hook = new Thread(done::countDown);
    Runtime.getRuntime().addShutdownHook(hook);
    try (server) {
      console().diagnostic("listening on " + server.uri());
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: we are stopping anyway
      }
    }
    return 0;
  }

  private void print(ScmEvent event) {
    if (console().format() == OutputFormat.JSON) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("source", "scm");
      json.put("provider", event.provider().cliName());
      json.put("repository", event.repository());
      json.put("number", event.number());
      json.put("kind", event.kind().jsonName());
      json.put("commit", event.commit());
      json.put("url", event.url());
      json.put("actor", event.actor());
      console().result(json, "");
    } else {
      console().result(null, event.describe());
    }
  }

  private void print(SyncEvent event) {
    if (console().format() == OutputFormat.JSON) {
      console().result(WaitState.eventMap(event), "");
    } else {
      console().result(null, event.describe());
    }
  }
}
