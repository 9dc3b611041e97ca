package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ScmHttpSameOriginTest {
  private static final URI API = URI.create("https://api.bitbucket.org/2.0");

  @Test
  void aLinkOnTheSameSchemeHostAndPortIsTheSameOrigin() {
    assertThat(ScmHttp.sameOrigin(API, URI.create("https://API.bitbucket.org/2.0/x?page=2")))
        .isTrue();
  }

  @Test
  void aMissingPortIsTheSchemesDefault() {
    assertThat(ScmHttp.sameOrigin(API, URI.create("https://api.bitbucket.org:443/2.0/x"))).isTrue();
    assertThat(
            ScmHttp.sameOrigin(
                URI.create("http://gitea.example.com"),
                URI.create("http://gitea.example.com:80/api/v1")))
        .isTrue();
  }

  @Test
  void anotherHostPortOrSchemeIsNot() {
    assertThat(ScmHttp.sameOrigin(API, URI.create("https://attacker.example/2.0/x"))).isFalse();
    assertThat(ScmHttp.sameOrigin(API, URI.create("https://api.bitbucket.org:8443/2.0/x")))
        .isFalse();
    assertThat(ScmHttp.sameOrigin(API, URI.create("http://api.bitbucket.org/2.0/x"))).isFalse();
    assertThat(ScmHttp.sameOrigin(API, URI.create("/2.0/x"))).isFalse();
  }

  @Test
  void messagesShowTheHostAndAPortOnlyWhenGiven() {
    assertThat(ScmHttp.hostAndPort(URI.create("https://attacker.example/x")))
        .isEqualTo("attacker.example");
    assertThat(ScmHttp.hostAndPort(URI.create("http://127.0.0.1:8080/x")))
        .isEqualTo("127.0.0.1:8080");
  }
}
