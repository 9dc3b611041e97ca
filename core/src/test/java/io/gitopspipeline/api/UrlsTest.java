package io.gitopspipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {
  @Test
  void removesUserAndPasswordFromAnHttpsUrl() {
    assertThat(Urls.withoutUserInfo("https://deployer:s3cret@git.example.com/org/app.git"))
        .isEqualTo("https://git.example.com/org/app.git");
  }

  @Test
  void removesATokenGivenAsTheUserName() {
    assertThat(Urls.withoutUserInfo("https://ghp_abcdef123456@github.com/org/app"))
        .isEqualTo("https://github.com/org/app");
  }

  @Test
  void removesAPasswordHoldingAnUnencodedAtSign() {
    assertThat(Urls.withoutUserInfo("https://u:p@ss@host:8443/x?y=1"))
        .isEqualTo("https://host:8443/x?y=1");
  }

  @Test
  void keepsUrlsWithoutUserInfoAndOtherAtSignsAsTheyAre() {
    String text = "see https://ci.example.com/job/app/7/ and mail ops@example.com; x@y";
    assertThat(Urls.withoutUserInfo(text)).isEqualTo(text);
    assertThat(Urls.withoutUserInfo("http://host/path@v1")).isEqualTo("http://host/path@v1");
    assertThat(Urls.withoutUserInfo(null)).isNull();
  }

  @Test
  void cleansEveryUrlInAText() {
    assertThat(
            Urls.withoutUserInfo(
                "from https://a:b@one.example/x (build http://tok@two.example:8080/job/1/)"))
        .isEqualTo("from https://one.example/x (build http://two.example:8080/job/1/)");
  }

  @Test
  void keepsTheSshLoginButNotItsPassword() {
    assertThat(Urls.withoutUserInfo("ssh://git@host:2222/repo.git"))
        .isEqualTo("ssh://git@host:2222/repo.git");
    assertThat(Urls.withoutUserInfo("ssh://git:pw@host/repo.git"))
        .isEqualTo("ssh://git@host/repo.git");
    assertThat(Urls.maskUserInfo("ssh://git:pw@host/repo.git"))
        .isEqualTo("ssh://git:***@host/repo.git");
  }

  @Test
  void masksTheWholeUserInfoInMessages() {
    assertThat(Urls.maskUserInfo("https://ghp_abcdef123456@github.com/org/app: not authorized"))
        .isEqualTo("https://***@github.com/org/app: not authorized");
    assertThat(Urls.maskUserInfo("HTTPS://user:pw@h/")).isEqualTo("HTTPS://***@h/");
    assertThat(Urls.maskUserInfo(null)).isEmpty();
  }
}
