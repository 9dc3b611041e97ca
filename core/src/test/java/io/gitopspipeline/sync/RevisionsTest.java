package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevisionsTest {
  private static final String SHA = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "main@sha1:" + SHA + "," + SHA,
    "sha1:" + SHA + "," + SHA,
    "main/" + SHA + "," + SHA,
    "HEAD/" + SHA + "," + SHA,
    "refs/heads/release/v1@sha1:" + SHA + "," + SHA,
    "feature@x@sha1:1EABC9A41CA088515CAB83F1CCE49EB43E84B67F," + SHA,
    SHA + "," + SHA,
    "6.7.1,6.7.1",
    "'',''",
    "latest@sha256:3b6cdcc7adcc9a8c4f3e2ae8a4c7b9f7f2f6c7c0f2e4a6b8c0d2e4f6a8b0c2d4,"
        + "3b6cdcc7adcc9a8c4f3e2ae8a4c7b9f7f2f6c7c0f2e4a6b8c0d2e4f6a8b0c2d4",
    "main@sha1:abc,main@sha1:abc",
    "tag/55609ff9,tag/55609ff9"
  })
  void extractsTheCommitAsNotificationControllerDoes(String revision, String expected) {
    assertThat(Revisions.normalise(revision)).isEqualTo(expected);
  }

  @Test
  void abbreviatedShasNameTheSameRevision() {
    assertThat(Revisions.same(SHA, SHA.substring(0, 7))).isTrue();
    assertThat(Revisions.same(SHA.substring(0, 12).toUpperCase(), SHA)).isTrue();
    assertThat(Revisions.same(SHA, SHA.substring(0, 6))).isFalse();
    assertThat(Revisions.same(SHA, "2eabc9a41ca088515cab83f1cce49eb43e84b67f")).isFalse();
    assertThat(Revisions.same("6.7.1", "6.7.1")).isTrue();
    assertThat(Revisions.same("6.7.1", "6.7")).isFalse();
    assertThat(Revisions.same("", "")).isFalse();
  }

  @Test
  void anOciArtifactRevisionMatchesItsDigestWhateverTheTag() {
    String digest = "sha256:3b6cdcc7adcc9a8c4f3e2ae8a4c7b9f7f2f6c7c0f2e4a6b8c0d2e4f6a8b0c2d4";

    assertThat(Revisions.same("1.0.0@" + digest, "latest@" + digest)).isTrue();
    assertThat(Revisions.same("1.0.0@" + digest, digest)).isTrue();
    assertThat(Revisions.same("1.0.0@" + digest, Revisions.normalise("prod@" + digest))).isTrue();
    assertThat(Revisions.same("1.0.0@" + digest, "1.0.0@" + digest.replace('3', '4'))).isFalse();
  }
}
