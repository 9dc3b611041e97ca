package io.gitopspipeline.scm.github;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.AppCredentials;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmProvider;
import io.gitopspipeline.scm.ScmProviders;
import io.gitopspipeline.scm.WireMockExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubAppAuthTest {
  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();

  private static KeyPair keyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** The key as GitHub hands it out: PKCS#1 ("BEGIN RSA PRIVATE KEY"). */
  private static String pkcs1Pem(KeyPair pair) {
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    // PKCS#8 wraps PKCS#1 after a 26-byte header for 2048-bit RSA keys
    byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    return "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
        + "\n-----END RSA PRIVATE KEY-----\n";
  }

  @Test
  void exchangesASignedJwtForAnInstallationTokenAndUsesIt() throws Exception {
    KeyPair pair = keyPair();
    WireMockServer server = wiremock.server();
    server.stubFor(
        get("/app")
            .willReturn(okJson("{\"id\":4242,\"slug\":\"gitops-bot\",\"name\":\"gitops-bot\"}")));
    server.stubFor(
        get("/repos/acme/gitops/installation")
            .willReturn(
                okJson(
                    "{\"id\":77,\"app_id\":4242,\"account\":{\"login\":\"acme\"},\"access_tokens_url\":\""
                        + wiremock.url()
                        + "/app/installations/77/access_tokens\"}")));
    server.stubFor(
        post("/app/installations/77/access_tokens")
            .willReturn(
                jsonResponse(
                    "{\"token\":\"ghs_installation\",\"expires_at\":\"2099-01-01T00:00:00Z\"}",
                    201)));
    server.stubFor(
        get("/repos/acme/gitops")
            .withHeader("Authorization", equalTo("token ghs_installation"))
            .willReturn(
                okJson(
                    "{\"id\":1,\"name\":\"gitops\",\"full_name\":\"acme/gitops\",\"owner\":{\"login\":\"acme\"}}")));
    server.stubFor(
        get("/repos/acme/gitops/branches/main")
            .withHeader("Authorization", equalTo("token ghs_installation"))
            .willReturn(
                okJson(
                    "{\"name\":\"main\",\"commit\":{\"sha\":\"1111111111111111111111111111111111111111\"}}")));

    ScmProvider provider =
        ScmProviders.create(
            new ScmConnection(
                ProviderType.GITHUB,
                URI.create(wiremock.url()),
                RepositoryId.parse(ProviderType.GITHUB, "acme/gitops"),
                null,
                new AppCredentials("4242", Secret.of(pkcs1Pem(pair)))),
            time.context());

    assertThat(provider.branchExists("main")).isTrue();

    List<LoggedRequest> tokenRequests =
        server.findAll(postRequestedFor(urlEqualTo("/app/installations/77/access_tokens")));
    assertThat(tokenRequests).hasSize(1);
    String authorization = tokenRequests.get(0).getHeader("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
    JsonNode header = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[0]));
    JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt[1]));
    assertThat(header.get("alg").asText()).isEqualTo("RS256");
    assertThat(claims.get("iss").asText()).isEqualTo("4242");
    assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isLessThanOrEqualTo(600);
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(pair.getPublic());
    rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
    server.verify(
        getRequestedFor(urlEqualTo("/repos/acme/gitops/installation"))
            .withHeader("Authorization", matching("Bearer .+")));
  }

  @Test
  void readsPkcs8KeysToo() throws Exception {
    KeyPair pair = keyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";

    assertThat(GitHubAppAuth.parsePrivateKey(pem).getEncoded())
        .isEqualTo(pair.getPrivate().getEncoded());
  }

  @Test
  void aKeyThatIsNotPemIsInvalidInputWithoutEchoingIt() {
    assertThatThrownBy(() -> GitHubAppAuth.parsePrivateKey("ssh-rsa AAAAB3Nza secret-material"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("BEGIN RSA PRIVATE KEY")
        .hasMessageNotContaining("secret-material");
  }
}
