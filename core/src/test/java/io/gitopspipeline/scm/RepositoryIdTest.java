package io.gitopspipeline.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryIdTest {
  @ParameterizedTest
  @CsvSource({
    "github, https://github.com/acme/gitops.git, acme/gitops",
    "github, git@github.com:acme/gitops.git, acme/gitops",
    "github, ssh://git@github.com/acme/gitops, acme/gitops",
    "github, https://x-access-token:tok@ghe.example.com/acme/gitops.git, acme/gitops",
    "gitlab, https://gitlab.com/platform/team/gitops.git, platform/team/gitops",
    "gitlab, git@gitlab.example.com:platform/gitops.git, platform/gitops",
    "azure, https://dev.azure.com/contoso/Fabrikam%20Web/_git/gitops, contoso/Fabrikam Web/gitops",
    "azure, https://contoso@dev.azure.com/contoso/Web/_git/gitops, contoso/Web/gitops",
    "azure, git@ssh.dev.azure.com:v3/contoso/Web/gitops, contoso/Web/gitops",
    "azure, https://contoso.visualstudio.com/DefaultCollection/Web/_git/gitops, contoso/Web/gitops",
    "bitbucket, https://bitbucket.example.com/scm/OPS/gitops.git, OPS/gitops",
    "bitbucket, ssh://git@bitbucket.example.com:7999/ops/gitops.git, ops/gitops",
    "bitbucket-cloud, https://jdoe@bitbucket.org/acme/gitops.git, acme/gitops",
    "gitea, https://git.example.com/gitea/acme/gitops.git, acme/gitops",
  })
  void derivesTheRepositoryFromAGitRemoteUrl(String provider, String url, String expected)
      throws Exception {
    assertThat(RepositoryId.fromRemoteUrl(ProviderType.parse(provider), url).path())
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "github, acme",
    "azure, contoso/gitops",
    "github, acme/../x",
    "github, /acme/gitops",
    "gitlab, group"
  })
  void rejectsRepositoriesOfTheWrongShape(String provider, String text) {
    assertThatThrownBy(() -> RepositoryId.parse(ProviderType.parse(provider), text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("must be written as");
  }

  @ParameterizedTest
  @CsvSource({"github, https://tok:secret@github.com/acme", "azure, https://dev.azure.com/contoso"})
  void aRemoteWithoutARepositoryAsksForPrRepositoryWithoutShowingCredentials(
      String provider, String url) {
    assertThatThrownBy(() -> RepositoryId.fromRemoteUrl(ProviderType.parse(provider), url))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--pr-repository")
        .hasMessageNotContaining("secret");
  }

  @org.junit.jupiter.api.Test
  void aMalformedEscapeInTheRemoteUrlIsInvalidInput() {
    assertThatThrownBy(() -> RepositoryId.fromRemoteUrl(ProviderType.GITEA, "git@host:acme/git%2"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("malformed %-escape");
  }

  @org.junit.jupiter.api.Test
  void aPlusInARepositoryPathStaysAPlus() throws Exception {
    assertThat(RepositoryId.fromRemoteUrl(ProviderType.GITEA, "https://host/acme/c+%2B.git").name())
        .isEqualTo("c++");
  }
}
