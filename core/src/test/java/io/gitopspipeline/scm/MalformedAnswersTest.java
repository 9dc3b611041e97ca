package io.gitopspipeline.scm;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.GitOpsException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A pull request answer without a field every provider's API sends is a clear failure naming the
 * provider and the field (exit code 1, like other provider failures), never a null carried on.
 */
class MalformedAnswersTest {
  @RegisterExtension final WireMockExtension wiremock = new WireMockExtension();
  private final FakeTime time = new FakeTime();

  static Stream<Arguments> providers() {
    return Stream.of(
        Arguments.of(
            ProviderType.GITEA,
            "",
            "acme/gitops",
            "/api/v1/repos/acme/gitops/pulls/5",
            "{\"number\":5,\"head\":{\"ref\":\"x\"},\"base\":{\"ref\":\"main\"}}",
            "state"),
        Arguments.of(
            ProviderType.GITEA,
            "",
            "acme/gitops",
            "/api/v1/repos/acme/gitops/pulls/5",
            "{\"state\":\"open\",\"head\":{\"ref\":\"x\"},\"base\":{\"ref\":\"main\"}}",
            "number"),
        Arguments.of(
            ProviderType.BITBUCKET,
            "",
            "OPS/gitops",
            "/rest/api/1.0/projects/OPS/repos/gitops/pull-requests/5",
            "{\"id\":\"5\",\"state\":\"OPEN\",\"fromRef\":{\"id\":\"refs/heads/x\"}}",
            "id"),
        Arguments.of(
            ProviderType.BITBUCKET_CLOUD,
            "/2.0",
            "acme/gitops",
            "/2.0/repositories/acme/gitops/pullrequests/5",
            "{\"id\":5,\"source\":{\"branch\":{\"name\":\"x\"}},"
                + "\"destination\":{\"branch\":{\"name\":\"main\"}}}",
            "state"),
        Arguments.of(
            ProviderType.AZURE,
            "",
            "contoso/web/gitops",
            "/contoso/web/_apis/git/repositories/gitops/pullrequests/5?api-version=7.1",
            "{\"status\":\"active\",\"sourceRefName\":\"refs/heads/x\","
                + "\"targetRefName\":\"refs/heads/main\"}",
            "pullRequestId"));
  }

  @ParameterizedTest(name = "{0} without {5}")
  @MethodSource("providers")
  void aPullRequestWithoutARequiredFieldNamesIt(
      ProviderType type, String apiPath, String repository, String url, String answer, String field)
      throws Exception {
    wiremock.server().stubFor(get(urlEqualTo(url)).willReturn(okJson(answer)));
    ScmProvider provider =
        ScmProviders.create(
            wiremock.connection(type, apiPath, repository, "token"), time.context());

    assertThatThrownBy(() -> provider.get(5))
        .isExactlyInstanceOf(GitOpsException.class)
        .hasMessage(
            type.displayName()
                + " answered with a pull request on repository "
                + provider.repository()
                + " without a valid '"
                + field
                + "'; the answer is not what the "
                + type.displayName()
                + " API sends (check --server-url)");
    wiremock.server().verify(1, getRequestedFor(urlEqualTo(url)));
  }
}
