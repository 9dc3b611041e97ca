package io.gitopspipeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
  record Credentials(String user, Secret token) {}

  @Test
  void neverShowsItsValueInStringForms() {
    Credentials credentials = new Credentials("robot", Secret.of("s3cr3t-token"));

    assertThat(credentials.toString()).contains("robot").doesNotContain("s3cr3t-token");
    assertThat(String.valueOf(credentials.token())).isEqualTo("******");
  }

  @Test
  void revealsTheValueOnlyWhenAsked() {
    assertThat(Secret.of("abc").reveal()).isEqualTo("abc");
    assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc")).isNotEqualTo(Secret.of("abd"));
  }
}
