package io.gitopspipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitopspipeline.api.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kubeconfig a Pipeline author supplies must not make the Jenkins controller run a program or
 * read its files: only inline credentials pass, checked on fabric8's own parse of the file.
 */
class KubeconfigPolicyTest {
  @TempDir Path dir;

  private static String kubeconfig(String user, String cluster) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: prod
          cluster:
            server: https://127.0.0.1:6443
        %s
        contexts:
        - name: prod
          context: {cluster: prod, user: ci}
        current-context: prod
        users:
        - name: ci
          user:
        %s
        """
        .formatted(indent(cluster, 4), indent(user, 4));
  }

  private static String indent(String text, int spaces) {
    return text.isEmpty() ? "" : text.indent(spaces).stripTrailing();
  }

  private static String inline(String user) {
    return kubeconfig(user, "");
  }

  @Test
  void acceptsInlineTokensPasswordsAndDataFields() {
    assertThatCode(() -> KubeconfigPolicy.requireSelfContained(inline("token: t0ken")))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                KubeconfigPolicy.requireSelfContained(
                    kubeconfig(
                        "client-certificate-data: Y2VydA==\nclient-key-data: a2V5",
                        "certificate-authority-data: Y2E=")))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> KubeconfigPolicy.requireSelfContained(inline("username: ci\npassword: pw")))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesAnExecPluginThatWouldStartAProcess() {
    String config =
        inline(
            """
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /bin/sh
              args: ["-c", "touch /tmp/pwned"]""");

    assertThatThrownBy(() -> KubeconfigPolicy.requireSelfContained(config))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("users['ci'].exec (runs a program)");
  }

  @Test
  void refusesAnAuthProvider() {
    String config =
        inline(
            """
            auth-provider:
              name: oidc
              config: {idp-issuer-url: https://127.0.0.1:1, refresh-token: r}""");

    assertThatThrownBy(() -> KubeconfigPolicy.requireSelfContained(config))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("users['ci'].auth-provider");
  }

  @Test
  void refusesEveryFilePathAndNamesEachOne() {
    String config =
        kubeconfig(
            """
            tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
            client-certificate: /etc/kubernetes/pki/admin.crt
            client-key: /etc/kubernetes/pki/admin.key""",
            "certificate-authority: /etc/kubernetes/pki/ca.crt");

    assertThatThrownBy(() -> KubeconfigPolicy.requireSelfContained(config))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("users['ci'].tokenFile (reads a local file)")
        .hasMessageContaining("users['ci'].client-certificate (reads a local file")
        .hasMessageContaining("users['ci'].client-key (reads a local file")
        .hasMessageContaining("clusters['prod'].certificate-authority (reads a local file")
        .hasMessageNotContaining("/etc/kubernetes");
  }

  @Test
  void refusesEntriesOfContextsOtherThanTheCurrentOne() {
    String config =
        inline("token: t0ken")
            + """
            - name: other
              user:
                exec: {apiVersion: client.authentication.k8s.io/v1, command: id}
            """;

    assertThatThrownBy(() -> KubeconfigPolicy.requireSelfContained(config))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("users['other'].exec");
  }

  @Test
  void escapesControlCharactersInEntryNames() {
    String config = inline("tokenFile: /etc/passwd").replace("name: ci\n", "name: \"c\\u001bi\"\n");

    assertThatThrownBy(() -> KubeconfigPolicy.requireSelfContained(config))
        .hasMessageContaining("users['c\\u001bi'].tokenFile")
        .hasMessageNotContaining("\u001b");
  }

  @Test
  void connectSelfContainedRefusesBeforeFabric8ReadsTheFile() throws Exception {
    Path marker = dir.resolve("ran");
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        inline(
            """
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: /bin/sh
              args: ["-c", "touch %s"]"""
                .formatted(marker)),
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> KubernetesClients.connectSelfContained(file, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("exec");
    assertThat(marker).doesNotExist();
  }

  @Test
  void connectSelfContainedNeverFallsBackToThisMachinesOwnConfig() {
    assertThatThrownBy(() -> KubernetesClients.connectSelfContained(null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a kubeconfig is required");
  }

  @Test
  void connectSelfContainedAcceptsAnInlineKubeconfig() throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(file, inline("token: t0ken"), StandardCharsets.UTF_8);

    try (KubernetesClient client = KubernetesClients.connectSelfContained(file, "prod")) {
      assertThat(client.getConfiguration().getMasterUrl()).startsWith("https://127.0.0.1:6443");
    }
  }

  @Test
  void aFileThatIsNotAKubeconfigIsAClearError() {
    assertThatThrownBy(() -> KubeconfigPolicy.requireSelfContained("users: [{token: s3cret"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("the kubeconfig cannot be read")
        .hasMessageNotContaining("s3cret");
  }
}
