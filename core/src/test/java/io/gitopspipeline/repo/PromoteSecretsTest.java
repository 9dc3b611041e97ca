package io.gitopspipeline.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopspipeline.api.InvalidInputException;
import io.gitopspipeline.api.ProgressListener;
import io.gitopspipeline.render.SecretPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promote never commits a plaintext Secret unless allowed, and its diff never shows a value. */
class PromoteSecretsTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path remote;
  private Promoter promoter;

  private static final String PLAIN =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n"
          + "stringData:\n  password: promote-hunter2\n";

  @BeforeEach
  void setUp() {
    git = new GitCli(tmp);
    remote = git.bareRepositoryWithMain(tmp);
    promoter =
        new Promoter(
            PromoterTest.quickRetries(
                PromoterSettings.defaults().withWorkDirectory(tmp.resolve("work"))));
  }

  private Path rendered(String name, String secret) throws Exception {
    Path dir = tmp.resolve("rendered-" + name);
    GitCli.write(dir.resolve("shop/configmap-app.yaml"), "kind: ConfigMap\n");
    GitCli.write(dir.resolve("shop/secret-db.yaml"), secret);
    return dir;
  }

  @Test
  void aPlaintextSecretIsRefusedBeforeAnythingIsPushed() throws Exception {
    String before = git.run(remote, "rev-parse", "main").strip();

    assertThatThrownBy(
            () ->
                promoter.promote(
                    Promotion.of(remote.toString(), "main", "web", "dev", rendered("p", PLAIN)),
                    ProgressListener.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shop/Secret/db")
        .hasMessageContaining("shop/secret-db.yaml")
        .hasMessageNotContaining("promote-hunter2");
    assertThat(git.run(remote, "rev-parse", "main").strip()).isEqualTo(before);
  }

  @Test
  void anAllowedSecretIsPromotedAndItsDiffHidesTheValue() throws Exception {
    PromotionResult result =
        promoter.promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("a", PLAIN))
                .withSecrets(SecretPolicy.of(false, List.of("shop/db"))),
            ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(git.run(remote, "show", "main:apps/web/dev/shop/secret-db.yaml")).isEqualTo(PLAIN);
    assertThat(result.diff()).contains("password: <redacted>").doesNotContain("promote-hunter2");
  }

  @Test
  void aSopsEncryptedSecretPassesAndItsDiffHidesTheCiphertext() throws Exception {
    String sops =
        new String(
            getClass().getResourceAsStream("/secrets/sops-secret.yaml").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);

    PromotionResult result =
        promoter.promote(
            Promotion.of(remote.toString(), "main", "web", "dev", rendered("s", sops)),
            ProgressListener.NONE);

    assertThat(result.changed()).isTrue();
    assertThat(result.diff()).contains("password: <redacted>").doesNotContain("ENC[");
    assertThat(Files.readString(tmp.resolve("rendered-s/shop/secret-db.yaml"))).contains("ENC[");
  }
}
