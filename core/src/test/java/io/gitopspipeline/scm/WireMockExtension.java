package io.gitopspipeline.scm;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
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
}
