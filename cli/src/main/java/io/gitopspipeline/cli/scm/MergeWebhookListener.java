package io.gitopspipeline.cli.scm;

import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.cli.sync.ListenOptions;
import io.gitopspipeline.scm.MergeSignals;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.webhook.MergeEventHub;
import io.gitopspipeline.scm.webhook.ScmWebhookHandler;
import io.gitopspipeline.sync.WebhookServer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The webhook receiver of {@code pr wait --listen}: the shared {@link WebhookServer} serving the
 * provider's path only, feeding a {@link MergeEventHub}.
 */
final class MergeWebhookListener implements AutoCloseable {
  private final WebhookServer server;
  private final MergeEventHub hub;

  private MergeWebhookListener(WebhookServer server, MergeEventHub hub) {
    this.server = server;
    this.hub = hub;
  }

  /**
   * Binds and starts accepting, then says where through {@code say}.
   *
   * @param secret the webhook secret, or null (only on a loopback address)
   */
  static MergeWebhookListener start(
      String listen, ProviderType provider, Secret secret, Consumer<String> say)
      throws GitOpsException {
    ListenOptions.Address address = ListenOptions.parseListen(listen);
    if (secret == null && !ListenOptions.isLoopback(address.host())) {
      throw new InvalidInputException(
          "--listen "
              + address.host()
              + " is reachable from other machines; give --webhook-secret-file so only "
              + provider.displayName()
              + " can post events");
    }
    MergeEventHub hub = new MergeEventHub();
    Map<ProviderType, Secret> secrets = new HashMap<>();
    secrets.put(provider, secret);
    WebhookServer server;
    try {
      server =
          WebhookServer.start(
              address.host(),
              address.port(),
              ScmWebhookHandler.routes(secrets, hub),
              WebhookServer.Limits.DEFAULT);
    } catch (IOException e) {
      throw new GitOpsException(
          "cannot listen on " + listen + " (" + e.getMessage() + "); pick another address", e);
    }
    say.accept("listening on " + server.uri() + "/scm/" + provider.cliName());
    return new MergeWebhookListener(server, hub);
  }

  MergeSignals subscribe(ProviderType provider, RepositoryId repository, long number) {
    return hub.subscribe(provider, repository, number);
  }

  @Override
  public void close() {
    server.close();
  }
}
