package io.gitopspipeline.scm.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.gitopspipeline.api.GitOpsException;
import io.gitopspipeline.api.Secret;
import io.gitopspipeline.scm.FakeTime;
import io.gitopspipeline.scm.ProviderType;
import io.gitopspipeline.scm.RepositoryId;
import io.gitopspipeline.scm.ScmConnection;
import io.gitopspipeline.scm.ScmHttp;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Whatever the server answers, reading a pull request or a commit status from it either works or
 * fails with a message naming the missing field: never another exception.
 */
class BitbucketServerProviderFuzzTest {
  private final BitbucketServerProvider provider =
      new BitbucketServerProvider(
          ScmConnection.withToken(
              ProviderType.BITBUCKET,
              URI.create("http://127.0.0.1:1"),
              new RepositoryId(List.of("OPS/gitops".split("/"))),
              Secret.of("t")),
          new FakeTime().context());

  @FuzzTest
  void readsAnyResponseBody(FuzzedDataProvider data) {
    JsonNode json;
    try {
      json = ScmHttp.json().readTree(data.consumeRemainingAsBytes());
    } catch (IOException notJson) {
      return;
    }
    if (json != null) {
      try {
        provider.toPullRequest(json);
      } catch (GitOpsException malformed) {
        assertThat(malformed).hasMessageContaining("without a valid '");
      }
      BitbucketServerProvider.toStatus(json);
    }
  }
}
