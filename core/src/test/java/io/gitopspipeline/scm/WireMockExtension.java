package io.gitopspipeline.scm;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A WireMock server on 127.0.0.1 and a free port, fresh for every test. */
public final class WireMockExtension implements BeforeEachCallback, AfterEachCallback {
  private WireMockServer server;

  @Override
  public void beforeEach(ExtensionContext context) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.stop();
  }

  public WireMockServer server() {
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A token connection to {@code repository} on this server, its API under {@code apiPath}. */
  public ScmConnection connection(
      ProviderType type, String apiPath, String repository, String token) throws GitOpsException {
    return ScmConnection.withToken(
        type, URI.create(url() + apiPath), RepositoryId.parse(type, repository), Secret.of(token));
  }
}
